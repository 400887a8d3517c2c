// `npx tsx bench/namespaced-secrets.ts [--namespaces 2000] [--tries 20] [--keep]`: what one
// Secret watch per vCluster namespace costs (issue #9's least privilege at issue #13's scale).
// Starts its own sandbox host (CUBBY_SANDBOX_DIR, default .sandbox-bench-secrets), creates N
// namespaces labelled cubby.dev/tenant=bench-tK (20 tenants), each with a vCluster's two
// Secrets, then measures three ways of reading them, each in a fresh process so memory figures
// do not mix:
//   hostcache    createHostCache(): 11 informers plus one Secret informer per labelled namespace
//   namespaced   NamespacedInformers alone over the same namespaces (the Secret part of it)
//   clusterwide  one informer over Secrets app=vcluster in every namespace (the cache before #9)
// For each: time to synced, open watches (sockets to the API server, and the server's own
// count), RSS and heap, the CPU the sync took, new Secret -> change event (p50/p95), and for the
// host cache, namespace labelled -> its Secrets in the cache. The kube-apiserver's RSS is read
// before the objects exist, after, while each variant is synced and after it has gone.
// --variants hostcache,namespaced picks some.
// --as-service-account reads as ServiceAccount bench/reader (impersonated, bound to cluster-admin)
// instead of the sandbox admin: the API server's priority and fairness exempts system:masters,
// while Cubby's ServiceAccount lands in the workload-low level, whose queues are bounded.
// --keep leaves the sandbox (and its objects) running; a later run only adds what is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { treeRssMiB } from './process-memory';

const VARIANTS = ['hostcache', 'namespaced', 'clusterwide'] as const;
type Variant = (typeof VARIANTS)[number];
const TENANTS = 20;
const LABEL_TENANT = 'cubby.dev/tenant';
const LABEL_BENCH = 'bench.cubby.dev/namespaced-secrets';
const CREATE_CONCURRENCY = 16;

interface ChildEnv {
  variant: Variant;
  kubeconfig: string;
  apiserverPid: number;
  apiserverPort: number;
  namespaces: number;
  tries: number;
  asServiceAccount: boolean;
  runId: string;
  out: string;
}

interface VariantResult {
  variant: Variant;
  syncMs: number;
  syncCpuMs: number;
  objects: number;
  informers: number;
  sockets: number;
  /** Secret WATCHes the API server counts, this variant's and others' (the controller-manager's). */
  serverWatches: number | undefined;
  rssMiB: number;
  heapMiB: number;
  rssBeforeMiB: number;
  heapBeforeMiB: number;
  apiserverRssMiB: number;
  eventMs: number[];
  labelMs: number[];
  /** Lists the API server refused with 429 (priority and fairness) before the sync completed. */
  throttled: number;
}

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const pad = (n: number) => String(n).padStart(4, '0');
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Namespace NS with vCluster NAME's Secrets, shaped like the chart's (small data). */
function vclusterSecrets(namespace: string, name: string): Array<{ apiVersion: string; kind: string; type: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; data: Record<string, string> }> {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: `vc-${name}`, namespace, labels: { app: 'vcluster', 'vcluster-name': name } },
      data: {
        config: b64(`apiVersion: v1\nkind: Config\nclusters:\n- name: my-vcluster\n  cluster:\n    server: https://localhost:8443\ncurrent-context: my-vcluster\n`),
        'certificate-authority': b64('-----BEGIN CERTIFICATE-----\nbench\n-----END CERTIFICATE-----\n'),
        'client-certificate': b64('-----BEGIN CERTIFICATE-----\nbench\n-----END CERTIFICATE-----\n'),
        'client-key': b64('-----BEGIN PRIVATE KEY-----\nbench\n-----END PRIVATE KEY-----\n'),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: `vc-config-${name}`, namespace, labels: { app: 'vcluster', release: name } },
      data: { 'config.yaml': b64('sync:\n  toHost:\n    ingresses:\n      enabled: false\n  fromHost:\n    nodes:\n      enabled: false\n') },
    },
  ];
}

// ---------------------------------------------------------------- parent: sandbox, objects, table

async function parent(): Promise<number> {
  process.env.CUBBY_SANDBOX_DIR ??= '.sandbox-bench-secrets';
  const size = argValue('--namespaces', 2000);
  const tries = argValue('--tries', 20);
  const keep = process.argv.includes('--keep');
  const variantsArg = process.argv.indexOf('--variants');
  const variants = variantsArg >= 0 ? (process.argv[variantsArg + 1] ?? '').split(',').filter((v): v is Variant => (VARIANTS as readonly string[]).includes(v)) : [...VARIANTS];
  const asServiceAccount = process.argv.includes('--as-service-account');
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { down, up } = await import('../sandbox/host/host');
  const { KubeClient } = await import('../lib/kube/client');
  const { ResourceTypes } = await import('../lib/kube/resource-types');

  const started = await up({ log: () => undefined });
  console.log(`sandbox: ${started.alreadyRunning ? 'already running' : `up in ${started.seconds.toFixed(1)} s`} (${process.env.CUBBY_SANDBOX_DIR})`);
  const apiserver = started.state.processes.find((p) => p.name === 'kube-apiserver');
  if (!apiserver) throw new Error('no kube-apiserver in the sandbox state');
  const apiserverPort = Number(new URL(started.state.apiserverUrl).port);
  const kc = new KubeConfig();
  kc.loadFromFile(started.state.kubeconfig);
  const admin = new KubeClient(kc);
  const scratch = mkdtempSync(join(tmpdir(), 'cubby-bench-secrets-'));
  try {
    const apiserverRssStart = treeRssMiB(apiserver.pid);
    const existing = new Set(
      (await admin.list<{ metadata: { name: string } }>(ResourceTypes.Namespace, { labelSelector: LABEL_BENCH })).items.map((n) => n.metadata.name),
    );
    const surplus = [...existing].filter((name) => /^bench-ns-\d+$/.test(name) && Number(name.slice('bench-ns-'.length)) >= size);
    if (surplus.length > 0) {
      throw new Error(`the sandbox ${process.env.CUBBY_SANDBOX_DIR} holds ${surplus.length} bench namespaces beyond --namespaces ${size}, which the cache would watch too: stop it first (sandbox/cli.ts down)`);
    }
    const missing = Array.from({ length: size }, (_, i) => i).filter((i) => !existing.has(`bench-ns-${pad(i)}`));
    const createStart = Date.now();
    await pool(missing, CREATE_CONCURRENCY, async (i) => {
      const namespace = `bench-ns-${pad(i)}`;
      await admin.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { [LABEL_TENANT]: `bench-t${i % TENANTS}`, 'cubby.dev/vcluster': `v${pad(i)}`, [LABEL_BENCH]: '1' } },
      });
      for (const secret of vclusterSecrets(namespace, `v${pad(i)}`)) await admin.apply(secret);
    });
    const createS = (Date.now() - createStart) / 1000;
    console.log(`setup: ${size} namespaces x 2 Secrets (${missing.length} namespaces created in ${createS.toFixed(1)} s, ${CREATE_CONCURRENCY} at a time)`);
    // The controller-manager adds a ServiceAccount and a ConfigMap to each new namespace; let it settle.
    await sleep(missing.length > 0 ? 5_000 : 0);
    const apiserverRssSeeded = treeRssMiB(apiserver.pid);
    if (asServiceAccount) {
      await admin.apply({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'bench-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'bench' }],
      });
    }
    const baselineWatches = await serverSecretWatches(admin);
    console.log(`kube-apiserver RSS: ${apiserverRssStart.toFixed(0)} MiB before the objects, ${apiserverRssSeeded.toFixed(0)} MiB after; ${baselineWatches ?? 'n/a'} Secret watches of others`);
    admin.close();

    const runId = Date.now().toString(36);
    const results: Array<VariantResult & { apiserverRssAfterMiB: number }> = [];
    for (const variant of variants) {
      const out = join(scratch, `${variant}.json`);
      const env: ChildEnv = { variant, kubeconfig: started.state.kubeconfig, apiserverPid: apiserver.pid, apiserverPort, namespaces: size, tries, asServiceAccount, runId, out };
      console.log(`\n-- ${variant} (load average ${loadAverage()})`);
      const child = spawnSync(process.execPath, [...process.execArgv, '--conditions=react-server', '--expose-gc', '--max-old-space-size=4096', __filename], {
        stdio: 'inherit',
        env: { ...process.env, CUBBY_BENCH_SECRETS_CHILD: JSON.stringify(env) },
      });
      if (child.status !== 0) throw new Error(`variant ${variant} failed (exit ${child.status ?? child.signal})`);
      await sleep(3_000);
      results.push({ ...(JSON.parse(readFileSync(out, 'utf8')) as VariantResult), apiserverRssAfterMiB: treeRssMiB(apiserver.pid) });
    }

    const f = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
    console.log('');
    console.log(`namespaced Secrets bench: ${size} namespaces, ${size * 2} Secrets, ${tries} tries, read as ${asServiceAccount ? 'ServiceAccount bench/reader' : 'the sandbox admin'}, node ${process.version}, load average ${loadAverage()}`);
    console.log(`kube-apiserver RSS: ${f(apiserverRssStart)} MiB empty, ${f(apiserverRssSeeded)} MiB with the objects (no Cubby)`);
    console.log('');
    console.log('| variant | size | sync ms | sync CPU ms | lists 429 | informers | watches (sockets / server) | Cubby RSS MiB | Cubby heap MiB | new Secret -> event p50 / p95 ms | namespace labelled -> Secrets cached p50 / p95 ms | apiserver RSS MiB synced / after |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of results) {
      console.log(
        `| ${r.variant} | ${size} | ${f(r.syncMs)} | ${f(r.syncCpuMs)} | ${r.throttled} | ${r.informers} | ${r.sockets} / ${r.serverWatches !== undefined && baselineWatches !== undefined ? r.serverWatches - baselineWatches : 'n/a'} | ${f(r.rssMiB)} (+${f(r.rssMiB - r.rssBeforeMiB)}) | ${f(r.heapMiB, 1)} (+${f(r.heapMiB - r.heapBeforeMiB, 1)}) | ${f(pct(r.eventMs, 50), 1)} / ${f(pct(r.eventMs, 95), 1)} | ${r.labelMs.length > 0 ? `${f(pct(r.labelMs, 50), 1)} / ${f(pct(r.labelMs, 95), 1)}` : 'n/a'} | ${f(r.apiserverRssMiB)} / ${f(r.apiserverRssAfterMiB)} |`,
      );
    }
    console.log('(RSS and heap after a full GC once synced, in brackets what the variant added to a bare process; watches: established sockets of the reading client to the API server / Secret WATCHes in the server\'s apiserver_longrunning_requests, less the others\' open before)');
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (!keep) {
      const { stopped } = await down();
      console.log(`sandbox: stopped (${stopped.length} processes)`);
    } else console.log(`sandbox: left running (--keep); stop with CUBBY_SANDBOX_DIR=${process.env.CUBBY_SANDBOX_DIR} npx tsx sandbox/cli.ts down`);
  }
}

/** Secret WATCH requests open at the API server, from its metrics (anyone's). */
async function serverSecretWatches(client: import('../lib/kube/client').KubeClient): Promise<number | undefined> {
  try {
    const metrics = await client.request<string>({ method: 'GET', path: '/metrics' });
    let count = 0;
    for (const line of String(metrics).split('\n')) {
      if (line.startsWith('apiserver_longrunning_requests{') && line.includes('resource="secrets"') && line.includes('verb="WATCH"')) {
        count += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return count;
  } catch {
    return undefined;
  }
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

// ---------------------------------------------------------------- child: one variant

/** Established TCP connections of this process to the API server's port. */
function socketsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const remotePort = parseInt(fields[2]!.split(':')[1]!, 16);
      if (remotePort === port && fields[3] === '01' && inodes.has(fields[9]!)) count++;
    }
  }
  return count;
}

async function child(env: ChildEnv): Promise<number> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { KubeClient } = await import('../lib/kube/client');
  const { ResourceTypes } = await import('../lib/kube/resource-types');
  const { createInformer } = await import('../lib/kube/informer');
  const { NamespacedInformers } = await import('../lib/kube/namespaced-informers');
  const { createHostCache } = await import('../lib/vcluster/host-cache');
  const { projectSecret } = await import('../lib/vcluster/host-cache-projections');
  type SecretView = ReturnType<typeof projectSecret>;

  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const memory = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { rss: m.rss / 1024 / 1024, heap: m.heapUsed / 1024 / 1024 };
  };
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfig);

  // The namespaces the host cache's latency test labels: made first, unlabelled, each with Secrets.
  const lateNamespaces = env.variant === 'hostcache' ? Array.from({ length: env.tries }, (_, i) => `bench-late-${env.runId}-${i}`) : [];
  if (lateNamespaces.length > 0) {
    const setup = new KubeClient(kc);
    await pool(lateNamespaces, CREATE_CONCURRENCY, async (namespace) => {
      await setup.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [LABEL_BENCH]: 'late' } } });
      for (const secret of vclusterSecrets(namespace, 'late')) await setup.apply(secret);
    });
    setup.close();
    await sleep(2_000);
  }

  // What a Node process with these modules loaded holds before any informer exists.
  const before = memory();
  const client = env.asServiceAccount
    ? new KubeClient(kc).as({ user: 'system:serviceaccount:bench:reader', groups: ['system:serviceaccounts', 'system:serviceaccounts:bench', 'system:authenticated'] })
    : new KubeClient(kc);
  const throttled = { count: 0 };
  const originalList = client.list.bind(client);
  client.list = ((...args: Parameters<typeof client.list>) =>
    originalList(...args).catch((error: unknown) => {
      if ((error as { status?: number }).status === 429) throttled.count++;
      throw error;
    })) as typeof client.list;
  const cpuStart = process.cpuUsage();
  const syncStart = performance.now();
  type Reader = {
    informers: number;
    objects: () => number;
    has: (namespace: string, name: string) => boolean;
    inNamespace: (namespace: string) => number;
    onChange: (listener: (namespace: string, name: string) => void) => void;
    dispose: () => Promise<void>;
  };
  let reader: Reader;
  if (env.variant === 'hostcache') {
    const cache = createHostCache(client, { missingRetryMs: 600_000 });
    await cache.ready();
    const secrets = cache.informers.secrets;
    reader = {
      get informers() {
        return Object.keys(cache.informers).length - 1 + secrets.namespaces.length;
      },
      objects: () => secrets.size,
      has: (namespace, name) => secrets.get(namespace, name) !== undefined,
      inNamespace: (namespace) => secrets.inNamespace(namespace).length,
      onChange: (listener) => {
        cache.onChange((c) => {
          if (c.source === 'secrets') listener(c.change.object.metadata.namespace ?? '', c.change.object.metadata.name);
        });
      },
      dispose: () => cache.dispose(),
    };
  } else if (env.variant === 'namespaced') {
    // The namespaces come from one list here; the host cache follows its namespace informer.
    const secrets = new NamespacedInformers<SecretView>(client, {
      name: 'secrets',
      type: ResourceTypes.Secret,
      labelSelector: 'app=vcluster',
      accept: (o) => o.metadata?.name?.startsWith('vc-') === true,
      project: projectSecret,
    });
    const labelled = await client.list<{ metadata: { name: string } }>(ResourceTypes.Namespace, { labelSelector: LABEL_TENANT });
    for (const n of labelled.items) secrets.watch(n.metadata.name);
    secrets.markSeeded();
    await secrets.synced();
    reader = {
      informers: secrets.namespaces.length,
      objects: () => secrets.size,
      has: (namespace, name) => secrets.get(namespace, name) !== undefined,
      inNamespace: (namespace) => secrets.inNamespace(namespace).length,
      onChange: (listener) => {
        secrets.subscribe((c) => listener(c.object.metadata.namespace ?? '', c.object.metadata.name));
      },
      dispose: () => secrets.dispose(),
    };
  } else {
    const secrets = createInformer<SecretView>(client, {
      name: 'secrets',
      type: ResourceTypes.Secret,
      labelSelector: 'app=vcluster',
      accept: (o) => o.metadata?.name?.startsWith('vc-') === true,
      project: projectSecret,
    });
    await secrets.synced();
    reader = {
      informers: 1,
      objects: () => secrets.size,
      has: (namespace, name) => secrets.get(namespace, name) !== undefined,
      inNamespace: (namespace) => secrets.inNamespace(namespace).length,
      onChange: (listener) => {
        secrets.subscribe((c) => listener(c.object.metadata.namespace ?? '', c.object.metadata.name));
      },
      dispose: () => secrets.dispose(),
    };
  }
  const syncMs = performance.now() - syncStart;
  const informers = reader.informers;
  const cpu = process.cpuUsage(cpuStart);
  const syncCpuMs = (cpu.user + cpu.system) / 1000;
  // Watches open once the lists are done: give the last ones a moment to be established.
  await sleep(2_000);
  const after = memory();
  const sockets = socketsTo(env.apiserverPort);
  const apiserverRssMiB = treeRssMiB(env.apiserverPid);

  const writer = new KubeClient(kc);
  const serverWatches = await serverSecretWatches(writer);
  console.log(
    `  ${env.asServiceAccount ? 'as ServiceAccount bench/reader, ' : ''}${throttled.count} lists refused with 429; synced in ${syncMs.toFixed(0)} ms (${syncCpuMs.toFixed(0)} ms CPU), ${reader.objects()} Secrets, ${informers} informers, ${sockets} sockets, server counts ${serverWatches ?? 'n/a'} Secret watches`,
  );
  console.log(`  RSS ${after.rss.toFixed(0)} MiB (${before.rss.toFixed(0)} before), heap ${after.heap.toFixed(1)} MiB (${before.heap.toFixed(1)} before); kube-apiserver ${apiserverRssMiB.toFixed(0)} MiB`);

  // New Secret in a watched namespace -> change event, one at a time.
  let waiting: { namespace: string; name: string; resolve: () => void } | undefined;
  reader.onChange((namespace, name) => {
    if (waiting && waiting.namespace === namespace && waiting.name === name) waiting.resolve();
  });
  const eventMs: number[] = [];
  for (let i = 0; i < env.tries; i++) {
    const index = (i * 97) % env.namespaces;
    const namespace = `bench-ns-${pad(index)}`;
    const name = `vc-lat-${env.runId}-${env.variant}-${i}`;
    const seen = new Promise<void>((resolve) => (waiting = { namespace, name, resolve }));
    const sent = performance.now();
    await writer.apply({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace, labels: { app: 'vcluster' } }, data: { k: b64('v') } });
    await Promise.race([seen, sleep(30_000).then(() => Promise.reject(new Error(`no event for Secret ${namespace}/${name}`)))]);
    eventMs.push(performance.now() - sent);
    waiting = undefined;
    await sleep(100);
  }
  console.log(`  new Secret -> event: p50 ${pct(eventMs, 50).toFixed(1)} ms, p95 ${pct(eventMs, 95).toFixed(1)} ms`);

  // Namespace labelled with a tenant -> its two Secrets in the cache.
  const labelMs: number[] = [];
  for (const namespace of lateNamespaces) {
    if (reader.inNamespace(namespace) !== 0) throw new Error(`${namespace} is cached before it is labelled`);
    let check: () => void = () => undefined;
    const cached = new Promise<void>((resolve) => {
      check = () => {
        if (reader.inNamespace(namespace) >= 2) resolve();
      };
    });
    reader.onChange((ns) => ns === namespace && check());
    const sent = performance.now();
    await writer.patch(ResourceTypes.Namespace, namespace, undefined, { metadata: { labels: { [LABEL_TENANT]: 'bench-t0' } } });
    await Promise.race([cached, sleep(30_000).then(() => Promise.reject(new Error(`Secrets of ${namespace} not cached after labelling`)))]);
    labelMs.push(performance.now() - sent);
    await sleep(100);
  }
  if (labelMs.length > 0) console.log(`  namespace labelled -> Secrets cached: p50 ${pct(labelMs, 50).toFixed(1)} ms, p95 ${pct(labelMs, 95).toFixed(1)} ms`);

  const result: VariantResult = {
    variant: env.variant,
    syncMs,
    syncCpuMs,
    objects: reader.objects(),
    informers,
    sockets,
    serverWatches,
    rssMiB: after.rss,
    heapMiB: after.heap,
    rssBeforeMiB: before.rss,
    heapBeforeMiB: before.heap,
    apiserverRssMiB,
    eventMs,
    labelMs,
    throttled: throttled.count,
  };
  writeFileSync(env.out, JSON.stringify(result));
  // Leave nothing behind for the next variant: the test objects go, the labelled namespaces too.
  await pool(eventMs.map((_, i) => i), CREATE_CONCURRENCY, async (i) => {
    await writer.delete(ResourceTypes.Secret, `vc-lat-${env.runId}-${env.variant}-${i}`, `bench-ns-${pad((i * 97) % env.namespaces)}`).catch(() => undefined);
  });
  await pool(lateNamespaces, CREATE_CONCURRENCY, async (namespace) => {
    await writer.delete(ResourceTypes.Namespace, namespace).catch(() => undefined);
  });
  await reader.dispose();
  client.close();
  writer.close();
  return 0;
}

const childEnv = process.env.CUBBY_BENCH_SECRETS_CHILD;
void (childEnv ? child(JSON.parse(childEnv) as ChildEnv) : parent()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
