// `npx tsx bench/informer.ts`: what the host cache costs and how fast it reacts. Starts its own
// sandbox (.sandbox-bench-informer), creates BENCH_PODS synced pods (kwok runs them), then
// prints: the host cache's initial sync time, time from a host change to the informer and to
// the change feed's notification (median and p95 over BENCH_CHANGES changes), how a burst is
// coalesced, relist time, and the heap the cache holds (projected, against raw pod objects).
import { spawnSync } from 'node:child_process';

// The cache's modules are server-only; outside Next.js the marker resolves to an empty module
// only under the react-server condition. --expose-gc makes the heap figures repeatable.
if (!process.env.CUBBY_BENCH_INFORMER_CHILD) {
  const result = spawnSync(process.execPath, [...process.execArgv, '--conditions=react-server', '--expose-gc', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, CUBBY_BENCH_INFORMER_CHILD: '1' },
  });
  process.exit(result.status ?? 1);
} else {
  process.env.CUBBY_SANDBOX_DIR = '.sandbox-bench-informer';
  void main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

async function main(): Promise<number> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { down, up } = await import('../sandbox/host/host');
  const { KubeClient } = await import('../lib/kube/client');
  const { ResourceTypes } = await import('../lib/kube/resource-types');
  const { createInformer } = await import('../lib/kube/informer');
  const { createHostCache } = await import('../lib/vcluster/host-cache');
  const { projectSyncedPod } = await import('../lib/vcluster/host-cache-projections');
  const { createChangeFeed } = await import('../lib/vcluster/change-feed');

  const podCount = Number(process.env.BENCH_PODS ?? 300);
  const changeCount = Number(process.env.BENCH_CHANGES ?? 30);
  const namespace = 'bench-informer';
  const vcluster = 'bench';
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const heapMiB = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };
  const ms = (v: number) => `${v.toFixed(1)} ms`;

  const started = await up({ log: () => undefined });
  console.log(`sandbox: ${started.alreadyRunning ? 'already running' : `up in ${started.seconds.toFixed(1)} s`} (${process.env.CUBBY_SANDBOX_DIR})`);
  const kc = new KubeConfig();
  kc.loadFromFile(started.state.kubeconfig);
  const admin = new KubeClient(kc);
  try {
    await admin.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    // Pods are refused until the namespace's default ServiceAccount exists.
    for (let i = 0; !(await admin.find(ResourceTypes.ServiceAccount, 'default', namespace)); i++) {
      if (i > 300) throw new Error('no default ServiceAccount');
      await sleep(100);
    }

    const createStart = Date.now();
    const names = Array.from({ length: podCount }, (_, i) => `app-${i}-x-default-x-${vcluster}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(
        names.slice(i, i + 25).map((name) =>
          admin.apply({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name,
              namespace,
              labels: { 'vcluster.loft.sh/managed-by': vcluster, 'vcluster.loft.sh/namespace': 'default', app: 'bench' },
              annotations: { 'vcluster.loft.sh/name': name.split('-x-')[0]!, 'vcluster.loft.sh/namespace': 'default', 'vcluster.loft.sh/uid': name },
            },
            spec: {
              automountServiceAccountToken: false,
              containers: [{ name: 'app', image: 'registry.example/app:1', env: [{ name: 'MODE', value: 'bench' }], resources: { requests: { cpu: '10m' } } }],
            },
          }),
        ),
      );
    }
    for (;;) {
      const list = await admin.list<{ status?: { phase?: string } }>(ResourceTypes.Pod, { namespace });
      if (list.items.filter((p) => p.status?.phase === 'Running').length >= podCount) break;
      await sleep(250);
    }
    console.log(`setup: ${podCount} pods created and Running in ${((Date.now() - createStart) / 1000).toFixed(1)} s`);

    // Initial sync and memory of the whole host cache.
    const cacheClient = new KubeClient(kc);
    const heapBefore = heapMiB();
    const syncStart = performance.now();
    const cache = createHostCache(cacheClient, { missingRetryMs: 60_000 });
    await cache.ready();
    const syncMs = performance.now() - syncStart;
    const heapAfter = heapMiB();
    const synced = cache.syncedPods(namespace, vcluster).length;
    const events = cache.events(namespace).length;

    // The synced pods alone, projected as the cache keeps them and raw, to show what the
    // projection saves.
    const podsOnly = async (project: (o: import('../lib/kube/informer').RawObject) => unknown) => {
      const client = new KubeClient(kc);
      const before = heapMiB();
      const t = performance.now();
      const informer = createInformer(client, { type: ResourceTypes.Pod, namespace, labelSelector: 'vcluster.loft.sh/managed-by', project });
      await informer.synced();
      const took = performance.now() - t;
      const after = heapMiB();
      const count = informer.size;
      await informer.dispose();
      client.close();
      return { took, mib: after - before, perPodKiB: ((after - before) * 1024) / Math.max(1, count) };
    };
    const projected = await podsOnly(projectSyncedPod);
    const raw = await podsOnly((o) => o);

    // Latency: one change at a time, far enough apart not to coalesce. A change the Pods tab
    // shows (the virtual name, from the syncer's annotation): the cache keeps no labels of synced
    // pods, so a label change is no change to it.
    const feed = createChangeFeed(cache);
    let waiting: { pod: string; sent: number; informerAt?: number; feedAt?: number; resolve: () => void } | undefined;
    cache.onChange((c) => {
      if (waiting && c.source === 'syncedPods' && c.change.object.metadata.name === waiting.pod && waiting.informerAt === undefined) waiting.informerAt = performance.now();
    });
    feed.subscribe((n) => {
      if (waiting && n.scope === 'vcluster' && n.name === vcluster && n.kinds.includes('pods') && waiting.informerAt !== undefined) {
        waiting.feedAt = performance.now();
        waiting.resolve();
      }
    });
    const toInformer: number[] = [];
    const toFeed: number[] = [];
    for (let i = 0; i < changeCount; i++) {
      const pod = names[(i * 7) % names.length]!;
      const done = new Promise<void>((resolve) => {
        waiting = { pod, sent: performance.now(), resolve };
      });
      await admin.patch(ResourceTypes.Pod, pod, namespace, { metadata: { annotations: { 'vcluster.loft.sh/object-name': `${pod.split('-x-')[0]}-v${i}` } } });
      await Promise.race([done, sleep(10_000).then(() => Promise.reject(new Error(`no notification for change ${i}`)))]);
      toInformer.push(waiting!.informerAt! - waiting!.sent);
      toFeed.push(waiting!.feedAt! - waiting!.sent);
      waiting = undefined;
      await sleep(200);
    }

    // A burst: the same kind of change on many pods at once, counted as notifications.
    let burstNotifications = 0;
    let burstChanges = 0;
    const stopCounting = feed.subscribe((n) => {
      if (n.scope === 'vcluster' && n.name === vcluster) burstNotifications++;
    });
    const stopChanges = cache.onChange((c) => {
      if (c.source === 'syncedPods') burstChanges++;
    });
    const burstStart = performance.now();
    const burst = names.slice(0, 100);
    await Promise.all(burst.map((pod) => admin.patch(ResourceTypes.Pod, pod, namespace, { metadata: { annotations: { 'vcluster.loft.sh/object-name': `${pod.split('-x-')[0]}-burst` } } })));
    while (burstChanges < burst.length && performance.now() - burstStart < 20_000) await sleep(20);
    const burstMs = performance.now() - burstStart;
    await sleep(400);
    stopCounting();
    stopChanges();

    const relistStart = performance.now();
    await cache.informers.syncedPods.relist();
    const relistMs = performance.now() - relistStart;

    feed.dispose();
    await cache.dispose();
    cacheClient.close();

    console.log('');
    console.log(`informer bench (${podCount} synced pods, ${changeCount} changes, node ${process.version})`);
    console.log(`  host cache initial sync (11 informers):   ${ms(syncMs)}  (${synced} synced pods, ${events} events kept for the namespace)`);
    console.log(`  change -> informer:      median ${ms(pct(toInformer, 50))}  p95 ${ms(pct(toInformer, 95))}`);
    console.log(`  change -> change feed:   median ${ms(pct(toFeed, 50))}  p95 ${ms(pct(toFeed, 95))}  (coalescing window 150 ms)`);
    console.log(`  burst of ${burst.length} pod changes:  ${burstChanges} informer changes in ${ms(burstMs)} -> ${burstNotifications} notification(s)`);
    console.log(`  relist of synced pods:   ${ms(relistMs)}`);
    console.log(`  one pod informer sync:   ${ms(projected.took)} projected, ${ms(raw.took)} raw`);
    console.log(`  heap, whole host cache:  ${(heapAfter - heapBefore).toFixed(2)} MiB (${heapBefore.toFixed(1)} -> ${heapAfter.toFixed(1)} MiB; pods, events, namespaces, ...)`);
    console.log(`  heap, synced pods only:  ${projected.mib.toFixed(2)} MiB projected (~${projected.perPodKiB.toFixed(2)} KiB/pod) vs ${raw.mib.toFixed(2)} MiB raw (~${raw.perPodKiB.toFixed(2)} KiB/pod)`);
    return 0;
  } finally {
    admin.close();
    const { stopped } = await down();
    console.log(`sandbox: stopped (${stopped.length} processes)`);
  }
}
