// `npx tsx --conditions=react-server bench/gateway.ts [--keep] [--reuse]` (also in `npm run bench`):
// what Cubby's gateway (issue 10) adds to a vCluster's API, side by side in one run against one
// sandbox vCluster made through the dashboard as alice. Starts a sandbox of its own
// (BENCH_GATEWAY_SANDBOX, default .sandbox-bench-gateway, with the vCluster runtime), serves a
// production build (BENCH_GATEWAY_DIST, default .next-bench-gateway; BENCH_GATEWAY_SKIP_BUILD=1
// reuses one) on BENCH_GATEWAY_PORT (default 3393; the sandbox's TLS front door, where the
// gateway kubeconfig points, is that port + 1000) and prints, through the gateway and directly
// against the vCluster's own server (Secret vc-NAME):
//   - `kubectl get --raw /api`, and the same request from a kept-alive Node https client;
//   - a list of 500 ConfigMaps, with kubectl and raw;
//   - gateway/direct ratios (target: median at most 1.3x);
//   - what a watch event gains through the gateway: one watch each way open at once, K
//     ConfigMaps created, each event's arrival on both (target: p95 < 20 ms);
//   - requests/s and p95 at 4 concurrent clients, and the server's RSS before and after.
// Runs alternate gateway and direct so that load on the machine hits both alike. Missed targets
// are printed, not failed: the exit code is non-zero only on errors. --keep leaves the sandbox,
// the server stopped; --reuse measures again on a kept sandbox (the vCluster is reused).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent, request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDashboard } from './dashboard-build';
import { processTree, treeRssMiB } from './process-memory';

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const KEEP = args.includes('--keep');
const REUSE = args.includes('--reuse');
const SANDBOX = process.env.BENCH_GATEWAY_SANDBOX ?? '.sandbox-bench-gateway';
const DIST = process.env.BENCH_GATEWAY_DIST ?? '.next-bench-gateway';
const PORT = Number(process.env.BENCH_GATEWAY_PORT ?? 3393);
const BARE_PORT = Number(process.env.BENCH_GATEWAY_BARE_PORT ?? PORT + 50);
const KUBECTL_RUNS = Number(process.env.BENCH_GATEWAY_KUBECTL_RUNS ?? 50);
const RAW_RUNS = Number(process.env.BENCH_GATEWAY_RAW_RUNS ?? 500);
const LIST_RAW_RUNS = Number(process.env.BENCH_GATEWAY_LIST_RUNS ?? 200);
const OBJECTS = Number(process.env.BENCH_GATEWAY_OBJECTS ?? 500);
const WATCH_EVENTS = Number(process.env.BENCH_GATEWAY_WATCH_EVENTS ?? 100);
const CONCURRENT = 4;
const CONCURRENT_RUNS = Number(process.env.BENCH_GATEWAY_CONCURRENT_RUNS ?? 250);
const TARGET_RATIO = 1.3;
const TARGET_WATCH_MS = 20;
const VCLUSTER = 'gw-bench';
const NAMESPACE = 'bench-list';
const WATCH_NAMESPACE = 'bench-watch';
const base = `http://localhost:${PORT}`;
process.env.CUBBY_SANDBOX_DIR = SANDBOX;
process.env.CUBBY_TEST_BASE_URL = base;
// The front door of this dashboard (sandbox/tls-front-door.ts) unless the caller set another.
process.env.CUBBY_SANDBOX_GATEWAY_PORT ??= String(PORT + 1000);

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const ms = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const tsx = [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server'];

/**
 * The ways to the vCluster: `gateway` as a tenant's kubeconfig says (the sandbox's TLS front door,
 * standing in for an ingress, then Cubby); `cubby` the same request on Cubby's own plain HTTP
 * port (what the gateway itself costs, without the front door's TLS); `bare` a bare Node relay
 * (bench/bare-relay.ts: what any Node hop costs on this machine); `direct` the vCluster's own
 * server.
 */
type Way = 'gateway' | 'cubby' | 'bare' | 'direct';
const WAYS: readonly Way[] = ['gateway', 'cubby', 'bare', 'direct'];

/** One way to the vCluster: its base URL and the kubeconfig's credential. */
interface Endpoint {
  label: Way;
  kubeconfig: string;
  /** Server URL without a trailing slash (the gateway's has the /kube/TENANT/NAME path). */
  server: string;
  options: RequestOptions;
}

async function endpoint(label: Endpoint['label'], file: string, kubeconfigText: string): Promise<Endpoint> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  writeFileSync(file, kubeconfigText);
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigText);
  const opts: RequestOptions & { headers: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts as never);
  const server = kc.getCurrentCluster()!.server.replace(/\/$/, '');
  return { label, kubeconfig: file, server, options: { ca: opts.ca, cert: opts.cert, key: opts.key, headers: { ...opts.headers, Accept: 'application/json' } } };
}

/** A kept-alive client of one endpoint, at most `sockets` connections (requests queue beyond). */
function client(ep: Endpoint, sockets: number) {
  const url = new URL(ep.server);
  const secure = url.protocol === 'https:';
  const agent = secure ? new Agent({ keepAlive: true, maxSockets: sockets, ca: ep.options.ca, cert: ep.options.cert, key: ep.options.key }) : new HttpAgent({ keepAlive: true, maxSockets: sockets });
  const send = secure ? request : httpRequest;
  const get = (path: string): Promise<{ status: number; bytes: number; ms: number }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = send({ hostname: url.hostname, port: url.port, path: `${url.pathname.replace(/\/$/, '')}${path}`, agent, headers: ep.options.headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { agent, url, get, close: () => agent.destroy() };
}
type Client = ReturnType<typeof client>;

async function okGet(c: Client, path: string): Promise<number> {
  const answer = await c.get(path);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
  return answer.ms;
}

/** `rounds` requests each way, the ways in turn; the first `warm` are not counted. */
async function alternating(clients: Record<Way, Client>, path: string, rounds: number, warm = 10): Promise<Record<Way, number[]>> {
  const out = { gateway: [] as number[], cubby: [] as number[], bare: [] as number[], direct: [] as number[] };
  for (let i = 0; i < rounds + warm; i++) {
    // Who goes first rotates too: a request right after another may find a warmer cache.
    const order = WAYS.map((_, k) => WAYS[(i + k) % WAYS.length]!);
    for (const way of order) {
      const t = await okGet(clients[way], path);
      if (i >= warm) out[way].push(t);
    }
  }
  return out;
}

async function kubectlTimes(bin: string, eps: Record<Way, Endpoint>, kargs: string[], runs: number): Promise<Record<'gateway' | 'direct', number[]>> {
  const out = { gateway: [] as number[], direct: [] as number[] };
  for (let i = 0; i < runs + 2; i++) {
    const order = i % 2 === 0 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const);
    for (const way of order) {
      const t = performance.now();
      await run(bin, ['--kubeconfig', eps[way].kubeconfig, ...kargs], { maxBuffer: 1 << 28 });
      if (i >= 2) out[way].push(performance.now() - t);
    }
  }
  return out;
}

/** CONCURRENT clients in parallel, each `perClient` requests: requests/s and latencies. */
async function concurrent(ep: Endpoint, path: string, perClient: number): Promise<{ rps: number; times: number[] }> {
  const clients = Array.from({ length: CONCURRENT }, () => client(ep, 1));
  try {
    for (const c of clients) await okGet(c, path);
    const times: number[] = [];
    const started = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < perClient; i++) times.push(await okGet(c, path));
      }),
    );
    return { rps: (CONCURRENT * perClient) / ((performance.now() - started) / 1000), times };
  } finally {
    for (const c of clients) c.close();
  }
}

/** A watch whose events are timed on arrival, keyed by type/name/resourceVersion. */
function openWatch(ep: Endpoint, path: string): { arrivals: Map<string, number>; ready: Promise<void>; close: () => void } {
  const url = new URL(ep.server);
  const arrivals = new Map<string, number>();
  let close = () => undefined as void;
  const ready = new Promise<void>((resolve, reject) => {
    const options: RequestOptions = { hostname: url.hostname, port: url.port, path: `${url.pathname.replace(/\/$/, '')}${path}`, agent: false, ca: ep.options.ca, cert: ep.options.cert, key: ep.options.key, headers: ep.options.headers };
    const req = (url.protocol === 'https:' ? request : httpRequest)(options, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch ${path} answered ${res.statusCode}`));
      resolve();
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const now = performance.now();
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!line.trim()) continue;
          const event = JSON.parse(line) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
          arrivals.set(`${event.type}/${event.object.metadata.name}/${event.object.metadata.resourceVersion}`, now);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (error) => reject(error));
    req.end();
    close = () => req.destroy();
  });
  return { arrivals, ready, close: () => close() };
}

/** The dashboard's node process (server.js) under the `serve` process tree, for its own RSS. */
function serverJsPid(servePid: number): number | undefined {
  return processTree(servePid).find((pid) => {
    try {
      // The standalone server.js names itself next-server.
      return /next-server|server\.js/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

async function main(): Promise<number> {
  const { down } = await import('../sandbox/host/host');
  const { readState } = await import('../sandbox/host/state');
  const { ApiCaller } = await import('../app/api/api-client.testing');
  const work = mkdtempSync(join(tmpdir(), 'cubby-bench-gateway-'));
  let server: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let serverLog = '';
  const stopServer = async () => {
    const pid = server?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    for (let i = 0; i < 100 && (await fetch(`${base}/api/readyz`).then(() => true, () => false)); i++) await sleep(100);
    server = undefined;
  };
  try {
    if (!REUSE) execFileSync(process.execPath, [...tsx, join(root, 'sandbox', 'cli.ts'), 'down'], { cwd: root, stdio: 'ignore', env: process.env });
    // `sandbox/cli.ts up`: host, vCluster runtime, Cubby's chart and the seed (alice, tenant-a).
    const upStart = Date.now();
    execFileSync(process.execPath, [...tsx, join(root, 'sandbox', 'cli.ts'), 'up'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
    const state = readState();
    if (!state) throw new Error(`no sandbox state in ${SANDBOX} after up`);
    console.log(`sandbox: up in ${((Date.now() - upStart) / 1000).toFixed(1)} s (${SANDBOX})`);
    const kubectlBin = join(state.binDir, 'kubectl');

    buildDashboard(DIST, process.env.BENCH_GATEWAY_SKIP_BUILD === '1');
    server = spawn(process.execPath, [...tsx, join(root, 'sandbox', 'cli.ts'), 'serve', String(PORT)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, CUBBY_NEXT_DIST_DIR: DIST },
    });
    server.stdout!.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-20_000)));
    server.stderr!.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-20_000)));
    const bootStart = Date.now();
    while ((await fetch(`${base}/api/readyz`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() - bootStart > 300_000) throw new Error(`the dashboard did not get ready:\n${serverLog.slice(-2000)}`);
      await sleep(250);
    }

    // ---- one vCluster of tenant-a, made by alice through the dashboard ----
    const alice = await ApiCaller.signIn('alice');
    const path = `/api/vclusters/tenant-a/${VCLUSTER}`;
    if ((await alice.call('GET', path)).status === 404) {
      const created = await alice.call('POST', '/api/vclusters', { name: VCLUSTER, template: 'standard' });
      if (created.status !== 202) throw new Error(`creating the vCluster: ${created.status} ${JSON.stringify(created.body)}`);
    }
    const madeStart = Date.now();
    for (;;) {
      const view = (await alice.call<{ status: string; creationStep?: string }>('GET', path)).body;
      if (view.status === 'Running' && view.creationStep === 'ready') break;
      if (Date.now() - madeStart > 180_000) throw new Error(`vCluster not Running after 180 s: ${JSON.stringify(view)}`);
      await sleep(1000);
    }
    console.log(`vCluster tenant-a/${VCLUSTER}: Running in ${((Date.now() - madeStart) / 1000).toFixed(0)} s`);
    const gatewayAnswer = await alice.call<{ kubeconfig: string; strategy: string }>('GET', `${path}/kubeconfig`);
    if (gatewayAnswer.status !== 200 || gatewayAnswer.body.strategy !== 'gateway') throw new Error(`gateway kubeconfig: ${gatewayAnswer.status} ${JSON.stringify(gatewayAnswer.body)}`);
    let directAnswer = await alice.call<{ kubeconfig: string }>('GET', `${path}/kubeconfig?access=direct`);
    let directAs = 'alice';
    if (directAnswer.status !== 200) {
      // A tenant member may not be given the vCluster's own credential: the admin's will do.
      directAnswer = await (await ApiCaller.signIn('admin')).call<{ kubeconfig: string }>('GET', `${path}/kubeconfig?access=direct`);
      directAs = 'admin';
    }
    if (directAnswer.status !== 200) throw new Error(`direct kubeconfig: ${directAnswer.status} ${JSON.stringify(directAnswer.body)}`);
    const eps = {
      gateway: await endpoint('gateway', join(work, 'gateway.yaml'), gatewayAnswer.body.kubeconfig),
      direct: await endpoint('direct', join(work, 'direct.yaml'), directAnswer.body.kubeconfig),
      cubby: undefined as unknown as Endpoint,
      bare: undefined as unknown as Endpoint,
    };
    // The gateway's URL on Cubby's own port: same path and bearer, no front door (and no kubectl,
    // which sends a bearer over TLS only).
    const gatewayPath = new URL(eps.gateway.server).pathname;
    eps.cubby = { ...eps.gateway, label: 'cubby', server: `http://127.0.0.1:${PORT}${gatewayPath}` };
    bare = spawn(process.execPath, [...tsx, join(__dirname, 'bare-relay.ts'), eps.direct.kubeconfig, String(BARE_PORT)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    await new Promise<void>((resolve, reject) => {
      bare!.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
      bare!.once('exit', (code) => reject(new Error(`bench/bare-relay.ts exited (${code})`)));
    });
    eps.bare = { label: 'bare', kubeconfig: '', server: `http://127.0.0.1:${BARE_PORT}`, options: { headers: { Accept: 'application/json' } } };
    console.log(`gateway ${eps.gateway.server} (alice's cubby_ credential); direct ${eps.direct.server} (${directAs}'s direct kubeconfig)`);

    // ---- OBJECTS ConfigMaps in one namespace, one apply of a List ----
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: WATCH_NAMESPACE } },
        ...Array.from({ length: OBJECTS }, (_, i) => ({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: NAMESPACE, labels: { app: 'bench', shard: String(i % 10) } },
          data: { index: String(i), payload: 'x'.repeat(200) },
        })),
      ],
    };
    const applyStart = performance.now();
    const apply = run(kubectlBin, ['--kubeconfig', eps.direct.kubeconfig, 'apply', '--server-side', '-f', '-'], { maxBuffer: 1 << 26 });
    apply.child.stdin!.end(JSON.stringify(list));
    await apply;
    console.log(`setup: ${OBJECTS} ConfigMaps in ${NAMESPACE} (one kubectl apply, ${((performance.now() - applyStart) / 1000).toFixed(1)} s)`);

    const servePid = server.pid!;
    const serverPid = serverJsPid(servePid);
    const rss = () => ({ server: serverPid ? treeRssMiB(serverPid) : NaN, tree: treeRssMiB(servePid) });
    const rssBefore = rss();

    const clients = { gateway: client(eps.gateway, 1), cubby: client(eps.cubby, 1), bare: client(eps.bare, 1), direct: client(eps.direct, 1) };
    const listPath = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
    const listed = await clients.direct.get(listPath);
    console.log(`list of ${OBJECTS} ConfigMaps: ${(listed.bytes / 1024).toFixed(0)} KiB`);

    console.log(`measuring (load average ${loadAverage()}) ...`);
    const kubectlApi = await kubectlTimes(kubectlBin, eps, ['get', '--raw', '/api'], KUBECTL_RUNS);
    const rawApi = await alternating(clients, '/api', RAW_RUNS);
    const kubectlList = await kubectlTimes(kubectlBin, eps, ['get', 'configmaps', '-n', NAMESPACE, '-o', 'json'], KUBECTL_RUNS);
    const rawList = await alternating(clients, listPath, LIST_RAW_RUNS);
    const concurrentGateway = await concurrent(eps.gateway, '/api', CONCURRENT_RUNS);
    const concurrentCubby = await concurrent(eps.cubby, '/api', CONCURRENT_RUNS);
    const concurrentBare = await concurrent(eps.bare, '/api', CONCURRENT_RUNS);
    const concurrentDirect = await concurrent(eps.direct, '/api', CONCURRENT_RUNS);

    // ---- watch: one each way, open at once; WATCH_EVENTS ConfigMaps made ~50 ms apart ----
    const rv = (JSON.parse(await run(kubectlBin, ['--kubeconfig', eps.direct.kubeconfig, 'get', '--raw', `/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps`]).then((r) => r.stdout)) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const watchPath = `/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=600`;
    const watches = { gateway: openWatch(eps.gateway, watchPath), cubby: openWatch(eps.cubby, watchPath), bare: openWatch(eps.bare, watchPath), direct: openWatch(eps.direct, watchPath) };
    await Promise.all(WAYS.map((way) => watches[way].ready));
    const writer = client(eps.direct, 1);
    const writes: Array<{ key: string; sent: number }> = [];
    const post = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          { hostname: writer.url.hostname, port: writer.url.port, path: `/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps`, method: 'POST', agent: writer.agent, headers: { ...eps.direct.options.headers, 'Content-Type': 'application/json' } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const runId = Date.now().toString(36);
    for (let i = 0; i < WATCH_EVENTS; i++) {
      const sent = performance.now();
      const answer = await post(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w-${runId}-${i}` }, data: { i: String(i) } }));
      if (answer.status !== 201) throw new Error(`creating a ConfigMap to watch: ${answer.status} ${answer.text.slice(0, 300)}`);
      const made = JSON.parse(answer.text) as { metadata: { name: string; resourceVersion: string } };
      writes.push({ key: `ADDED/${made.metadata.name}/${made.metadata.resourceVersion}`, sent });
      await sleep(50);
    }
    const settle = performance.now();
    while (performance.now() - settle < 10_000 && writes.some((w) => WAYS.some((way) => !watches[way].arrivals.has(w.key)))) await sleep(50);
    for (const way of WAYS) watches[way].close();
    writer.close();
    const extra = { gateway: [] as number[], cubby: [] as number[], bare: [] as number[] };
    const directEvent: number[] = [];
    let missing = 0;
    for (const w of writes) {
      const [g, c, b, d] = WAYS.map((way) => watches[way].arrivals.get(w.key));
      if (g === undefined || c === undefined || b === undefined || d === undefined) {
        missing++;
        continue;
      }
      extra.gateway.push(g - d);
      extra.cubby.push(c - d);
      extra.bare.push(b - d);
      directEvent.push(d - w.sent);
    }
    if (missing > 0) throw new Error(`${missing} of ${writes.length} watch events did not arrive on every watch within 10 s`);
    for (const c of Object.values(clients)) c.close();
    await sleep(1000);
    const rssAfter = rss();

    // ---- the table ----
    const pair = (v: number[]) => `${ms(pct(v, 50))} / ${ms(pct(v, 95))}`;
    const ratio = (g: number[], d: number[]) => `${(pct(g, 50) / pct(d, 50)).toFixed(2)}x / ${(pct(g, 95) / pct(d, 95)).toFixed(2)}x`;
    const met = (g: number[], d: number[]) => (pct(g, 50) / pct(d, 50) <= TARGET_RATIO ? 'met' : 'MISSED');
    const row = (what: string, times: Record<Way, number[]> | Record<'gateway' | 'direct', number[]>) => {
      const cubby = 'cubby' in times ? times.cubby : undefined;
      const bareTimes = 'bare' in times ? times.bare : undefined;
      return `| ${what} | ${times.gateway.length} | ${pair(times.gateway)} | ${cubby ? pair(cubby) : 'n/a'} | ${bareTimes ? pair(bareTimes) : 'n/a'} | ${pair(times.direct)} | ${ratio(times.gateway, times.direct)} | ${cubby ? ratio(cubby, times.direct) : 'n/a'} | ${bareTimes ? ratio(bareTimes, times.direct) : 'n/a'} | ${met(times.gateway, times.direct)}${cubby ? ` (Cubby's port: ${met(cubby, times.direct)})` : ''} |`;
    };
    const rate = (c: { rps: number; times: number[] }) => `${c.rps.toFixed(0)} req/s, p95 ${ms(pct(c.times, 95))}`;
    console.log('');
    console.log(`gateway bench: vCluster tenant-a/${VCLUSTER} in the sandbox, ${OBJECTS} ConfigMaps, node ${process.version}, load average ${loadAverage()}`);
    console.log("gateway = the kubeconfig's https address: the sandbox's TLS front door (an ingress's stand-in) -> Cubby (authenticate, authorize, relay) -> the vCluster's API server;");
    console.log("Cubby's port = the same request on Cubby's own HTTP port (the gateway without the front door); bare relay = bench/bare-relay.ts, a Node relay that does nothing else;");
    console.log("direct = the vCluster's API server itself (Secret vc-NAME's server). kubectl runs only through the gateway and directly (it sends a bearer over TLS only)");
    console.log('');
    console.log(`| measured | runs each way | gateway p50 / p95 ms | Cubby's port p50 / p95 ms | bare relay p50 / p95 ms | direct p50 / p95 ms | gateway/direct p50 / p95 | Cubby's port/direct | bare relay/direct | target: gateway p50 <= ${TARGET_RATIO}x direct |`);
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    console.log(row('kubectl get --raw /api', kubectlApi));
    console.log(row('GET /api, kept-alive Node client', rawApi));
    console.log(row(`kubectl get configmaps -o json (${OBJECTS})`, kubectlList));
    console.log(row(`GET list of ${OBJECTS} ConfigMaps (${(listed.bytes / 1024).toFixed(0)} KiB), kept-alive Node client`, rawList));
    console.log(
      `| GET /api, ${CONCURRENT} concurrent clients | ${CONCURRENT * CONCURRENT_RUNS} | ${rate(concurrentGateway)} | ${rate(concurrentCubby)} | ${rate(concurrentBare)} | ${rate(concurrentDirect)} | ${(concurrentDirect.rps / concurrentGateway.rps).toFixed(2)}x time per request | ${(concurrentDirect.rps / concurrentCubby.rps).toFixed(2)}x | ${(concurrentDirect.rps / concurrentBare.rps).toFixed(2)}x | |`,
    );
    console.log('');
    console.log(`watch: ${WATCH_EVENTS} ConfigMaps created ~50 ms apart, a watch open each way at once; the extra latency is an event's arrival there less its arrival on the direct watch`);
    console.log('| watch event | p50 ms | p95 ms | max ms | target |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const way of ['gateway', 'cubby', 'bare'] as const) {
      const v = extra[way];
      console.log(`| extra latency, ${{ gateway: 'gateway', cubby: "Cubby's port", bare: 'bare relay' }[way]} | ${ms(pct(v, 50))} | ${ms(pct(v, 95))} | ${ms(Math.max(...v))} | p95 < ${TARGET_WATCH_MS} ms: ${pct(v, 95) < TARGET_WATCH_MS ? 'met' : 'MISSED'} |`);
    }
    console.log(`| create -> event on the direct watch | ${ms(pct(directEvent, 50))} | ${ms(pct(directEvent, 95))} | ${ms(Math.max(...directEvent))} | |`);
    console.log('');
    console.log(`Cubby server RSS (next-server; in brackets with the sandbox's front door and tsx around it): before ${rssBefore.server.toFixed(0)} MiB (${rssBefore.tree.toFixed(0)}), after ${rssAfter.server.toFixed(0)} MiB (${rssAfter.tree.toFixed(0)})`);
    return 0;
  } finally {
    // tsx runs the relay in a child of its own: the whole group goes.
    try {
      if (bare?.pid) process.kill(-bare.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await stopServer();
    rmSync(work, { recursive: true, force: true });
    if (!KEEP) {
      const { stopped } = await down();
      console.log(`sandbox: stopped (${stopped.length} processes)`);
    } else console.log(`sandbox: left running (--keep); stop with CUBBY_SANDBOX_DIR=${SANDBOX} npx tsx sandbox/cli.ts down`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
