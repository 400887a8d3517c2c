// `npx tsx --conditions=react-server bench/scale.ts [--size 2000x50000] [--keep] [--reuse]` (or
// `npm run bench -- --size 2000x50000`): the admin overview and the tenant pages at
// the scale of a platform team (issue 13). Starts a sandbox of its own (.sandbox-bench-scale, the
// vCluster runtime NOT started: nothing brings the objects alive but kwok), fills the host with
// VCLUSTERS vClusters in 20 tenants and PODS synced pods shaped like the real chart's and
// syncer's objects (one vCluster planned by Cubby's own provisioning code, cloned; pods made by
// the sandbox syncer's translatePod), serves a production build (.next-bench-scale) and prints:
// p50/p95 of every call the admin and tenant pages make (200 requests, 1 and 4 clients), first
// informer sync, server RSS, change-event latency (idle, under load, while pods churn), the
// first request after a restart, and `kubectl get pods -A -l vcluster.loft.sh/managed-by`.
// At the end the server and the sandbox are stopped, unless --keep. --reuse measures again on a
// sandbox a --keep run left (the fill goes on where it stopped; the size must be the same or
// smaller). BENCH_SCALE_SKIP_BUILD=1 reuses an existing build in .next-bench-scale; the build
// puts tsconfig.json back as it was (`next build` rewrites it).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildDashboard } from './dashboard-build';
import { descendantRunning, rssMiB, treeRssMiB } from './process-memory';
import { measureBrowser } from './scale-browser';

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const sizeArg = args[args.indexOf('--size') + 1];
const [VCLUSTERS, PODS] = (args.includes('--size') && sizeArg ? sizeArg : process.env.BENCH_SCALE_SIZE ?? '2000x50000').split('x').map(Number) as [number, number];
const KEEP = args.includes('--keep');
// --reuse: measure again on a sandbox a previous `--keep` run filled (same size), skipping the fill.
const REUSE = args.includes('--reuse');
const TENANTS = 20;
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 200);
const PORT = Number(process.env.BENCH_SCALE_PORT ?? 3391);
const SANDBOX = process.env.BENCH_SCALE_SANDBOX ?? '.sandbox-bench-scale';
const DIST = process.env.BENCH_SCALE_DIST ?? '.next-bench-scale';
// The V8 heap ceiling of the server, as a pod's memory limit sets it (Node sizes its heap from the
// cgroup limit; this machine has none, so V8 would allow itself several GiB and collect late).
const HEAP_MIB = Number(process.env.BENCH_SCALE_HEAP_MIB ?? 0);
const base = `http://localhost:${PORT}`;
process.env.CUBBY_SANDBOX_DIR = SANDBOX;
process.env.CUBBY_TEST_BASE_URL = base;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const fmt = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const tenantName = (t: number) => `scale-${String(t).padStart(2, '0')}`;
const vclusterName = (i: number) => `vc${String(i).padStart(4, '0')}`;

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/** Retries what the API server refuses for a moment: quota not counted yet, namespace still new. */
async function retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (attempt > 60 || (status !== 403 && status !== 409 && status !== 429 && status !== 500 && status !== 503 && status !== 0)) {
        throw new Error(`${what}: ${(error as Error).message}`);
      }
      await sleep(250 + attempt * 50);
    }
  }
}

async function main(): Promise<number> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { down, up } = await import('../sandbox/host/host');
  const { seedSandbox } = await import('../sandbox/seed');
  const { KubeClient } = await import('../lib/kube/client');
  const { ResourceTypes } = await import('../lib/kube/resource-types');
  const { createTenant, findTenant } = await import('../lib/tenancy/tenant-store');
  const { findTemplate } = await import('../lib/tenancy/template-store');
  const { planVCluster } = await import('../lib/vcluster/provision');
  const { chartSettingsFromEnv } = await import('../lib/vcluster/chart-source');
  const { ANNOTATION_APPLIED_GENERATION } = await import('../lib/vcluster/host-metadata');
  const { cubbyNamespaceBinding } = await import('../lib/vcluster/cubby-namespace-access');
  const { translatePod } = await import('../sandbox/vcluster-runtime/pod-translator');
  const { parseVClusterConfig } = await import('../sandbox/vcluster-runtime/vcluster-config');
  const { ApiCaller } = await import('../app/api/api-client.testing');

  let server: ChildProcess | undefined;
  let serverLog = '';
  const stopServer = async () => {
    if (!server?.pid) return;
    const pid = server.pid;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    // The whole group (tsx, the standalone server.js) must be gone and the port free before a
    // restart: else the new server cannot listen and /api/readyz is answered by the old one.
    const portOpen = async () => Boolean(await fetch(`${base}/api/readyz`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined));
    for (let i = 0; i < 150 && (isAlive(pid) || (await portOpen())); i++) await sleep(100);
    if (isAlive(pid) || (await portOpen())) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      for (let i = 0; i < 100 && (await portOpen()); i++) await sleep(100);
    }
    server = undefined;
  };

  if (!REUSE) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', join(root, 'sandbox', 'cli.ts'), 'down'], {
      cwd: root,
      stdio: 'ignore',
      env: process.env,
    });
  }
  const { installCubbyChart, mintCubbyToken, cubbyKubeConfig } = await import('../sandbox/cubby-identity');
  const started = await up({ log: () => undefined });
  const state = started.state;
  // As `npm run sandbox:up` does: Cubby's own chart first (its ServiceAccount, least-privilege
  // roles, CRDs), then the seed through it; the dashboard then runs as that ServiceAccount.
  if (!started.alreadyRunning) installCubbyChart(state);
  await mintCubbyToken(state, join(root, SANDBOX));
  await seedSandbox(state, join(root, SANDBOX));
  console.log(`sandbox: up in ${started.seconds.toFixed(1)} s (${SANDBOX}; vCluster runtime not started)`);
  const kc = new KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  const admin = new KubeClient(kc);
  const kubectl = (kargs: string[]) => execFileSync(join(state.binDir, 'kubectl'), ['--kubeconfig', state.kubeconfig, ...kargs], { maxBuffer: 1 << 30 });

  try {
    // ---- populate ----
    const fillStart = Date.now();
    // Control-plane pods go through the scheduler: enough room for them on fake nodes.
    const extraNodes = Math.max(3, Math.ceil(VCLUSTERS / 200));
    await pool(
      Array.from({ length: extraNodes }, (_, i) => `kwok-scale-${i}`),
      8,
      async (name) => {
        await admin.apply({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' }, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', type: 'kwok' } },
          status: {
            allocatable: { cpu: '256', memory: '1Ti', pods: '250', 'ephemeral-storage': '1Ti' },
            capacity: { cpu: '256', memory: '1Ti', pods: '250', 'ephemeral-storage': '1Ti' },
          },
        } as never);
      },
    );
    const nodes = ['kwok-node-a', 'kwok-node-b', 'kwok-node-c', ...Array.from({ length: extraNodes }, (_, i) => `kwok-scale-${i}`)];

    const perTenant = Math.ceil(VCLUSTERS / TENANTS);
    for (let t = 0; t < TENANTS; t++) {
      if (await findTenant(admin, tenantName(t))) continue;
      await createTenant(admin, {
        name: tenantName(t),
        spec: {
          displayName: `Scale team ${t}`,
          // alice is in scale-00 as well as tenant-a: the tenant pages are measured as her.
          members: { users: t === 0 ? ['alice'] : [], groups: [`${tenantName(t)}:members`] },
          quota: { maxVClusters: perTenant + 5, cpu: '64', memory: '256Gi', pods: 200 },
          templates: ['standard'],
        },
      });
    }
    const template = await findTemplate(admin, 'standard');
    const model = await findTenant(admin, tenantName(0));
    if (!template || !model) throw new Error('the seeded template or the first scale tenant is missing');
    // One vCluster planned exactly as Cubby provisions one (values, chart render, tenant objects);
    // the others are clones with their own names.
    // Planned as Cubby: the plan's RoleBinding `cubby` then binds Cubby's ServiceAccount in every
    // clone's namespace, which is where its right to read that namespace's Secrets comes from.
    const asCubby = new KubeClient(cubbyKubeConfig(state, join(root, SANDBOX)));
    const plan = await planVCluster(
      { client: asCubby, chart: chartSettingsFromEnv({ CUBBY_CHART_DIR: join(root, 'sandbox', 'charts', 'vcluster'), CUBBY_HELM_BIN: join(state.binDir, 'helm') }) },
      // `actor` is Cubby itself: the bench is the admin who already decided.
      { tenant: model, template, name: 'vcplan', requestedBy: 'bench', actor: 'service-account' } as Parameters<typeof planVCluster>[1],
    );
    // Cubby's RoleBinding in each namespace, as provisioning writes it before the chart's objects.
    const binding = await cubbyNamespaceBinding(asCubby, 'placeholder', {});
    asCubby.close();
    const templateJson = JSON.stringify({ namespace: plan.namespaceObject, objects: plan.objects });
    const modelNs = plan.ref.namespace;
    const modelName = 'vcplan';
    const modelTenant = tenantName(0);
    const podsPer = Math.floor(PODS / VCLUSTERS);
    const extraPods = PODS - podsPer * VCLUSTERS;
    const refs: Array<{ tenant: string; name: string; namespace: string }> = Array.from({ length: VCLUSTERS }, (_, i) => ({
      tenant: tenantName(i % TENANTS),
      name: vclusterName(i),
      namespace: `vc-${tenantName(i % TENANTS)}--${vclusterName(i)}`,
    }));
    let created = 0;

    // With --reuse the fill goes on where a kept sandbox's stopped: a vCluster whose pods are all
    // there is skipped, one cut short gets its objects again and the pods it lacks.
    const havePods = new Map<string, number>();
    // BENCH_SCALE_FILLED=1 with --reuse: the kept sandbox is known to be full, list nothing.
    const filled = REUSE && started.alreadyRunning && process.env.BENCH_SCALE_FILLED === '1';
    if (REUSE && started.alreadyRunning && !filled) {
      const out = kubectl(['get', 'pods', '-A', '-l', 'vcluster.loft.sh/managed-by', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace']).toString();
      for (const ns of out.split('\n')) if (ns) havePods.set(ns, (havePods.get(ns) ?? 0) + 1);
    }
    const podsFor = (i: number) => podsPer + (i < extraPods ? 1 : 0);
    if (!filled) await pool(
      Array.from({ length: VCLUSTERS }, (_, i) => i),
      12,
      async (i) => {
        const tenant = tenantName(i % TENANTS);
        const name = vclusterName(i);
        const namespace = `vc-${tenant}--${name}`;
        const have = havePods.get(namespace) ?? 0;
        if (have >= podsFor(i)) {
          created++;
          return;
        }
        const cloned = JSON.parse(templateJson.replaceAll(modelNs, namespace).replaceAll(modelName, name).replaceAll(modelTenant, tenant)) as {
          namespace: { metadata: { annotations: Record<string, string>; labels: Record<string, string> } };
          objects: Array<{ kind: string; metadata: { name: string; uid?: string } }>;
        };
        cloned.namespace.metadata.annotations[ANNOTATION_APPLIED_GENERATION] = '1';
        await retrying(`namespace ${namespace}`, () => admin.apply(cloned.namespace as never));
        await retrying(`RoleBinding ${namespace}/cubby`, () => admin.apply({ ...binding, metadata: { ...binding.metadata, namespace, labels: cloned.namespace.metadata.labels } } as never));
        let owner: { uid?: string; kind: string; name: string } | undefined;
        for (const object of cloned.objects) {
          const applied = await retrying(`${object.kind} ${namespace}/${object.metadata.name}`, () => admin.apply(object as never));
          if (object.kind === 'StatefulSet' || object.kind === 'Deployment') owner = { kind: object.kind, name: object.metadata.name, uid: (applied as { metadata?: { uid?: string } }).metadata?.uid };
        }
        // What the vCluster writes once it runs: its kubeconfig Secret.
        await retrying(`secret vc-${name}`, () =>
          admin.apply({
            apiVersion: 'v1',
            kind: 'Secret',
            type: 'Opaque',
            metadata: { name: `vc-${name}`, namespace, labels: { app: 'vcluster', 'vcluster-name': name } },
            stringData: { config: `apiVersion: v1\nkind: Config\nclusters:\n- name: ${name}\n  cluster:\n    server: https://localhost:8443\n` },
          } as never),
        );
        // The pods its syncer would have put on the host.
        const ctx = {
          name,
          namespace,
          // Each vCluster's own: the workload service account is named after it.
          config: parseVClusterConfig(undefined, name),
          host: undefined,
          virtual: undefined,
          owner: { apiVersion: 'apps/v1', kind: owner?.kind ?? 'StatefulSet', name: owner?.name ?? name, uid: owner?.uid ?? '' },
          log: () => undefined,
        } as never;
        const count = podsFor(i) - have;
        await pool(
          Array.from({ length: count }, (_, k) => k),
          8,
          async (k) => {
            const app = `web-${k % 5}`;
            const vPod = {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: { name: `${app}-${randomUUID().slice(0, 8)}`, namespace: k % 3 === 0 ? 'kube-system' : 'default', uid: randomUUID(), labels: { app } },
              spec: {
                serviceAccountName: 'default',
                containers: [{ name: 'app', image: 'registry.example/web:1.0', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '5m', memory: '8Mi' } } }],
              },
            };
            const hostPod = translatePod(ctx, vPod as never) as { spec: { nodeName?: string }; metadata: { ownerReferences?: unknown } };
            // Placed directly (the scheduler would spend minutes on tens of thousands); kwok runs it.
            hostPod.spec.nodeName = nodes[(i * 31 + k) % nodes.length];
            // An owner the garbage collector knows, as the real syncer's pods have.
            await retrying(`pod in ${namespace}`, () => admin.create(ResourceTypes.Pod, hostPod as never, namespace));
          },
        );
        created++;
        if (created % Math.max(1, Math.floor(VCLUSTERS / 10)) === 0) console.log(`  ${created}/${VCLUSTERS} vClusters (${((Date.now() - fillStart) / 1000).toFixed(0)} s)`);
      },
    );
    // Wait for kwok to run them: the overview is measured against Running pods.
    const waitStart = Date.now();
    for (let i = 0; ; i++) {
      const out = kubectl(['get', 'pods', '-A', '-l', 'vcluster.loft.sh/managed-by', '--field-selector', 'status.phase=Running', '-o', 'name']).toString();
      const running = out.split('\n').filter(Boolean).length;
      // BENCH_SCALE_RUNNING_WAIT_S bounds the wait (kwok can lag far behind on a busy machine).
      if (running >= PODS || i > 120 || (Date.now() - waitStart) / 1000 > Number(process.env.BENCH_SCALE_RUNNING_WAIT_S ?? Infinity)) {
        const onHost = kubectl(['get', 'namespaces', '-l', 'cubby.dev/vcluster', '-o', 'name']).toString().split('\n').filter(Boolean).length;
        console.log(`setup: ${VCLUSTERS} vClusters (${onHost} vCluster namespaces on the host), ${running}/${PODS} synced pods Running, in ${((Date.now() - fillStart) / 1000).toFixed(0)} s`);
        break;
      }
      await sleep(5000);
    }
    const kubectlRuns: number[] = [];
    for (let i = 0; i < Number(process.env.BENCH_SCALE_KUBECTL_RUNS ?? 3); i++) {
      const t = performance.now();
      kubectl(['get', 'pods', '-A', '-l', 'vcluster.loft.sh/managed-by']);
      kubectlRuns.push(performance.now() - t);
    }

    // ---- the dashboard ----
    buildDashboard(DIST, process.env.BENCH_SCALE_SKIP_BUILD === '1');
    const startServer = () => {
      serverLog = '';
      server = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', join(root, 'sandbox', 'cli.ts'), 'serve', String(PORT)], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { ...process.env, CUBBY_NEXT_DIST_DIR: DIST, ...(HEAP_MIB ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_MIB}`.trim() } : {}) },
      });
      server.stdout!.on('data', (d: Buffer) => (serverLog += d.toString()));
      server.stderr!.on('data', (d: Buffer) => (serverLog += d.toString()));
      return performance.now();
    };
    const waitReady = async (since: number) => {
      let listening: number | undefined;
      for (;;) {
        const res = await fetch(`${base}/api/readyz`).catch(() => undefined);
        if (res && listening === undefined) listening = performance.now() - since;
        if (res?.status === 200) return { listening: listening!, ready: performance.now() - since };
        if (performance.now() - since > 300_000) throw new Error(`the dashboard did not get ready:\n${serverLog.slice(-2000)}`);
        await sleep(25);
      }
    };
    const boot = startServer();
    const firstBoot = await waitReady(boot);
    const syncLine = /host cache synced in (\d+) ms/.exec(serverLog);

    const adminApi = await ApiCaller.signIn('admin');
    const alice = await ApiCaller.signIn('alice');
    const get = async (caller: InstanceType<typeof ApiCaller>, path: string) => {
      const t = performance.now();
      const res = await caller.raw('GET', path);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
      return { ms: performance.now() - t, bytes: body.length };
    };
    const calls = async (caller: InstanceType<typeof ApiCaller>, paths: string[]) => {
      const t = performance.now();
      const answers = await Promise.all(paths.map((p) => get(caller, p)));
      return { ms: performance.now() - t, bytes: answers.reduce((s, a) => s + a.bytes, 0) };
    };

    // RSS sampled throughout: the standalone server.js alone (what runs in Cubby's pod; its process
    // title is next-server) and the whole tree (the sandbox's launcher and its TLS front door too).
    let peakRss = 0;
    let peakTreeRss = 0;
    const serverPid = () => (server?.pid ? descendantRunning(server.pid, 'next-server') : undefined);
    const rssTimer = setInterval(() => {
      const pid = serverPid();
      if (pid) peakRss = Math.max(peakRss, rssMiB(pid));
      if (server?.pid) peakTreeRss = Math.max(peakTreeRss, treeRssMiB(server.pid));
    }, 200);

    const model0 = refs.find((r) => r.tenant === tenantName(0))!;
    const vcPath = `/api/vclusters/${model0.tenant}/${model0.name}`;
    const scenarios: Array<{ name: string; caller: InstanceType<typeof ApiCaller>; paths: string[] }> = [
      { name: 'admin overview, the page\'s calls in parallel', caller: adminApi, paths: ['/api/tenants', '/api/admin/overview', '/api/discovered?unassigned=1', '/api/admin/sleep'] },
      { name: 'admin overview page (server-rendered HTML)', caller: adminApi, paths: ['/admin'] },
      { name: 'admin tenant page calls', caller: adminApi, paths: [`/api/tenants/${tenantName(0)}`, `/api/vclusters?tenant=${tenantName(0)}`, `/api/admin/usage?tenant=${tenantName(0)}`, '/api/templates'] },
      { name: 'admin: every vCluster (/api/vclusters)', caller: adminApi, paths: ['/api/vclusters'] },
      { name: 'admin: /api/admin/usage (all tenants)', caller: adminApi, paths: ['/api/admin/usage'] },
      { name: 'admin: /api/discovered', caller: adminApi, paths: ['/api/discovered'] },
      { name: 'tenant list page calls', caller: alice, paths: ['/api/vclusters', '/api/me'] },
      { name: 'tenant list page (server-rendered HTML)', caller: alice, paths: ['/'] },
      { name: "one vCluster's pods tab calls", caller: alice, paths: [vcPath, `${vcPath}/pods`] },
      { name: "one vCluster's page (server-rendered HTML)", caller: alice, paths: [`/vclusters/${model0.tenant}/${model0.name}?tab=pods`] },
    ];
    const measure = async (s: (typeof scenarios)[number], clients: number) => {
      for (let i = 0; i < 5; i++) await calls(s.caller, s.paths); // warm-up (JIT, connection)
      const times: number[] = [];
      let bytes = 0;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          for (let i = 0; i < REQUESTS / clients; i++) {
            const r = await calls(s.caller, s.paths);
            times.push(r.ms);
            bytes = r.bytes;
          }
        }),
      );
      return { p50: pct(times, 50), p95: pct(times, 95), bytes };
    };
    const results: string[] = [];
    for (const s of scenarios) {
      const one = await measure(s, 1);
      const four = await measure(s, 4);
      results.push(`  ${s.name.padEnd(48)} 1 client p50 ${fmt(one.p50).padStart(8)} p95 ${fmt(one.p95).padStart(8)} | 4 clients p50 ${fmt(four.p50).padStart(8)} p95 ${fmt(four.p95).padStart(8)} | ${(one.bytes / 1024).toFixed(1)} KiB`);
      console.log(results[results.length - 1]);
    }

    // ---- change events ----
    const streams = await Promise.all(Array.from({ length: 4 }, () => ApiCaller.signIn('admin')));
    const waiters = new Set<{ name: string; resolve: (at: number) => void }>();
    const readers = await Promise.all(
      streams.map(async (caller) => {
        const res = await caller.raw('GET', '/api/stream');
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        let counted = 0;
        /** Change events by their kinds (row, status, pods, ...), to tell what a figure counts. */
        const kindsSeen = new Map<string, number>();
        void (async () => {
          for (;;) {
            const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = /^data: (.*)$/m.exec(message)?.[1];
              if (!message.includes('event: change') || !data) continue;
              counted++;
              const change = JSON.parse(data) as { name?: string; kinds?: string[] };
              const kinds = (change.kinds ?? []).join('+');
              kindsSeen.set(kinds, (kindsSeen.get(kinds) ?? 0) + 1);
              for (const w of waiters) if (w.name === change.name && change.kinds?.includes('row')) w.resolve(performance.now());
            }
          }
        })();
        return { reader, received: () => counted, kinds: () => new Map(kindsSeen) };
      }),
    );
    let round = 0;
    const changeLatency = async (runs: number) => {
      const out: number[] = [];
      for (let i = 0; i < runs; i++) {
        const target = refs[(round++ * 37) % refs.length]!;
        // The opposite of what it is now, so every patch changes the row (a kept sandbox may
        // hold vClusters an earlier run left paused).
        const current = await admin.get<{ metadata: { annotations?: Record<string, string> } }>(ResourceTypes.StatefulSet, target.name, target.namespace);
        const paused = current.metadata.annotations?.['loft.sh/paused'] !== 'true';
        const arrivals: number[] = [];
        const done = new Promise<void>((resolve) => {
          const waiter = {
            name: target.name,
            resolve: (at: number) => {
              arrivals.push(at);
              if (arrivals.length === readers.length) {
                waiters.delete(waiter);
                resolve();
              }
            },
          };
          waiters.add(waiter);
        });
        const sent = performance.now();
        await admin.patch(ResourceTypes.StatefulSet, target.name, target.namespace, { metadata: { annotations: { 'loft.sh/paused': paused ? 'true' : null } } });
        await Promise.race([done, sleep(15_000)]);
        for (const at of arrivals) out.push(at - sent);
        for (let k = arrivals.length; k < readers.length; k++) out.push(15_000);
        await sleep(300);
      }
      return out;
    };
    const idle = await changeLatency(10);
    console.log(`  change event idle: p50 ${fmt(pct(idle, 50))} p95 ${fmt(pct(idle, 95))}`);
    // Under load: 4 admins reloading the overview without pause.
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) await calls(adminApi, scenarios[0]!.paths);
      }),
    );
    const loaded = await changeLatency(10);
    console.log(`  change event under load: p50 ${fmt(pct(loaded, 50))} p95 ${fmt(pct(loaded, 95))}`);
    // And while pods churn: 5 label changes a second on synced pods.
    const podList = await admin.list<{ metadata: { name: string; namespace: string } }>(ResourceTypes.Pod, { labelSelector: 'vcluster.loft.sh/managed-by', limit: 500 });
    let churning = true;
    let churned = 0;
    const before = readers.map((r) => r.received());
    const kindsBefore = readers[0]!.kinds();
    const churn = (async () => {
      while (churning) {
        const pod = podList.items[churned % podList.items.length]!;
        void admin.patch(ResourceTypes.Pod, pod.metadata.name, pod.metadata.namespace, { metadata: { labels: { 'bench.cubby.dev/seq': String(churned) } } }).catch(() => undefined);
        churned++;
        await sleep(200);
      }
    })();
    const churnStart = performance.now();
    const churnLatency = await changeLatency(10);
    console.log(`  change event under load + pod churn: p50 ${fmt(pct(churnLatency, 50))} p95 ${fmt(pct(churnLatency, 95))}`);
    const churnSeconds = (performance.now() - churnStart) / 1000;
    churning = false;
    await churn;
    loading = false;
    await load;
    const perTab = readers.map((r, i) => r.received() - before[i]!);
    const churnKinds = [...readers[0]!.kinds()].map(([kinds, n]) => [kinds, n - (kindsBefore.get(kinds) ?? 0)] as const).filter(([, n]) => n > 0);
    for (const r of readers) await r.reader.cancel().catch(() => undefined);
    const steadyRss = rssMiB(serverPid() ?? 0);
    console.log(`  server RSS: peak ${peakRss.toFixed(0)} MiB, after the run ${steadyRss.toFixed(0)} MiB`);

    // ---- the browser ----
    const { sandboxCredential } = await import('../app/api/api-client.testing');
    const browser = await measureBrowser(base, sandboxCredential('admin'), VCLUSTERS);
    for (const line of browser) console.log(line);

    // ---- restart ----
    await stopServer();
    const restart = startServer();
    const restarted = await waitReady(restart);
    const adminAfter = await ApiCaller.signIn('admin');
    const firstAfter = await calls(adminAfter, scenarios[0]!.paths);
    clearInterval(rssTimer);

    console.log('');
    console.log(`scale bench (${VCLUSTERS} vClusters in ${TENANTS} tenants, ${PODS} synced pods, ${REQUESTS} requests per figure, node ${process.version}, ${HEAP_MIB ? `--max-old-space-size=${HEAP_MIB}` : 'V8 heap limit by default'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    for (const line of results) console.log(line);
    console.log(`  kubectl get pods -A -l vcluster.loft.sh/managed-by:  median ${fmt(pct(kubectlRuns, 50))}`);
    console.log(`  first informer sync (server log):                  ${syncLine ? `${syncLine[1]} ms` : 'n/a'}`);
    console.log(`  boot to /api/readyz 200:                            ${fmt(firstBoot.ready)} (port open after ${fmt(firstBoot.listening)})`);
    console.log(`  restart to /api/readyz 200:                         ${fmt(restarted.ready)}; first overview after it ${fmt(firstAfter.ms)}`);
    console.log(`  server RSS (server.js):                             peak ${peakRss.toFixed(0)} MiB, after the run ${steadyRss.toFixed(0)} MiB (with the sandbox's launcher and front door: peak ${peakTreeRss.toFixed(0)} MiB)`);
    console.log(`  host change -> change event, 4 admin streams:       idle p50 ${fmt(pct(idle, 50))} p95 ${fmt(pct(idle, 95))} | under load p50 ${fmt(pct(loaded, 50))} p95 ${fmt(pct(loaded, 95))} | load + 5 pod changes/s p50 ${fmt(pct(churnLatency, 50))} p95 ${fmt(pct(churnLatency, 95))}`);
    console.log('  in the browser (Chromium, admin, every vCluster):');
    for (const line of browser) console.log(`  ${line}`);
    console.log(`  pod churn: ${churned} label changes in ${churnSeconds.toFixed(0)} s -> ${perTab.join('/')} change events per admin stream (none of them makes a tab refetch a list; by kinds: ${churnKinds.map(([k, n]) => `${k} ${n}`).join(', ')})`);
    return 0;
  } finally {
    await stopServer();
    admin.close();
    if (!KEEP) {
      const { stopped } = await down();
      console.log(`sandbox: stopped (${stopped.length} processes)`);
    } else {
      console.log(`sandbox: kept running in ${SANDBOX} (--keep)`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
