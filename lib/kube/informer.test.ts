import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from './errors';
import { Informer, createInformer, type InformerChange, type InformerOptions, type RawObject } from './informer';
import { FakeKubeClient, eventually } from './informer.testing';
import { ResourceTypes } from './resource-types';

interface PodView {
  name: string;
  namespace: string;
  kind: string;
  apiVersion: string;
  phase?: string;
}

const projectPod = (o: RawObject): PodView => ({
  name: o.metadata!.name!,
  namespace: o.metadata!.namespace!,
  kind: o.kind!,
  apiVersion: o.apiVersion!,
  phase: (o.status as { phase?: string } | undefined)?.phase,
});

function pod(name: string, phase = 'Pending', extra: { uid?: string; labels?: Record<string, string>; namespace?: string } = {}): RawObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'ns', uid: extra.uid ?? `uid-${name}`, labels: extra.labels ?? {} },
    status: { phase },
  };
}

const informers: Informer<unknown>[] = [];

function start<T = PodView>(client: FakeKubeClient, options: Partial<InformerOptions<T>> = {}): Informer<T> {
  const informer = createInformer<T>(client, {
    type: ResourceTypes.Pod,
    project: projectPod as unknown as (o: RawObject) => T,
    backoff: { initialMs: 5, maxMs: 20 },
    missingRetryMs: 20,
    ...options,
  });
  informers.push(informer as Informer<unknown>);
  return informer;
}

function record<T>(informer: Informer<T>): InformerChange<T>[] {
  const changes: InformerChange<T>[] = [];
  informer.subscribe((c) => changes.push(c));
  return changes;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(async () => {
  await Promise.all(informers.splice(0).map((i) => i.dispose()));
});

describe('Informer', () => {
  it('lists in pages, fills kind and apiVersion, projects, then watches from the list resourceVersion with bookmarks', async () => {
    const client = new FakeKubeClient();
    for (const name of ['a', 'b', 'c', 'd', 'e']) client.put(pod(name));
    const informer = start(client, { pageSize: 2 });
    await informer.synced();
    expect(informer.hasSynced).toBe(true);
    expect(informer.state).toBe('ready');
    expect(client.listCalls.map((c) => c.options.continue)).toEqual([undefined, 'page:2', 'page:4']);
    expect(client.listCalls.every((c) => c.options.limit === 2)).toBe(true);
    expect(informer.list().map((p) => p.name).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(informer.get('ns', 'c')).toEqual({ name: 'c', namespace: 'ns', kind: 'Pod', apiVersion: 'v1', phase: 'Pending' });
    await eventually(() => client.watchCalls.length === 1, 2_000, 'watch');
    expect(client.lastWatch!.options).toMatchObject({ resourceVersion: client.currentResourceVersion, allowWatchBookmarks: true });
  });

  it('applies added, modified and deleted events; skips a replayed resourceVersion and unchanged projections', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a'));
    const informer = start(client);
    await informer.synced();
    const changes = record(informer);
    await eventually(() => client.activeWatches.length === 1);
    const watch = client.lastWatch!;

    const b = client.put(pod('b'));
    watch.send({ type: 'ADDED', object: b });
    const running = client.put(pod('b', 'Running'));
    watch.send({ type: 'MODIFIED', object: running });
    // Same resourceVersion again (e.g. a replay): nothing to do.
    watch.send({ type: 'MODIFIED', object: running });
    // New resourceVersion, but nothing the projection keeps changed (say, a managedFields bump).
    const touched = client.put({ ...pod('b', 'Running'), spec: { nodeName: 'n1' } });
    watch.send({ type: 'MODIFIED', object: touched });
    watch.send({ type: 'DELETED', object: touched });

    expect(changes.map((c) => `${c.type} ${c.key} ${(c.object as PodView).phase}`)).toEqual([
      'added ns/b Pending',
      'updated ns/b Running',
      'deleted ns/b Running',
    ]);
    expect((changes[1]!.previous as PodView).phase).toBe('Pending');
    expect(informer.resourceVersion).toBe(touched.metadata!.resourceVersion);
    expect(informer.get('ns', 'b')).toBeUndefined();
  });

  it('never orders resourceVersions: an update whose version sorts lower is still applied', async () => {
    const client = new FakeKubeClient();
    const informer = start(client);
    await informer.synced();
    await eventually(() => client.activeWatches.length === 1);
    const watch = client.lastWatch!;
    const first = { ...pod('x'), metadata: { ...pod('x').metadata, resourceVersion: '10' } };
    const second = { ...pod('x', 'Running'), metadata: { ...pod('x').metadata, resourceVersion: '9' } };
    watch.send({ type: 'ADDED', object: first });
    watch.send({ type: 'MODIFIED', object: second });
    expect(informer.get('ns', 'x')?.phase).toBe('Running');
  });

  it('treats a same-named object with another uid as a delete and an add', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a', 'Running', { uid: 'one' }));
    const informer = start(client);
    await informer.synced();
    const changes = record(informer);
    await eventually(() => client.activeWatches.length === 1);
    client.lastWatch!.send({ type: 'MODIFIED', object: client.put(pod('a', 'Pending', { uid: 'two' })) });
    expect(changes.map((c) => c.type)).toEqual(['deleted', 'added']);
  });

  it('re-watches from the last seen resourceVersion (bookmarks included) when the server ends a watch', async () => {
    const client = new FakeKubeClient();
    const informer = start(client);
    await informer.synced();
    await eventually(() => client.activeWatches.length === 1);
    const first = client.lastWatch!;
    first.send({ type: 'ADDED', object: client.put(pod('a')) });
    const bookmarkVersion = client.nextResourceVersion();
    first.send({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: bookmarkVersion } } });
    first.end();
    await eventually(() => client.watchCalls.length === 2, 2_000, 're-watch');
    expect(client.lastWatch!.options.resourceVersion).toBe(bookmarkVersion);
    expect(client.listCalls).toHaveLength(1);
    expect(informer.list()).toHaveLength(1);
  });

  it('relists on a 410 ERROR event and announces what changed while the watch was gone', async () => {
    const client = new FakeKubeClient();
    client.put(pod('stays'));
    client.put(pod('goes'));
    const informer = start(client);
    await informer.synced();
    const changes = record(informer);
    await eventually(() => client.activeWatches.length === 1);
    client.remove('Pod', 'ns', 'goes');
    client.put(pod('comes'));
    client.lastWatch!.send({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', code: 410, reason: 'Expired', message: 'too old resource version' } as RawObject });
    await eventually(() => client.listCalls.length === 2 && client.watchCalls.length === 2, 2_000, 'relist and re-watch');
    expect(changes.map((c) => `${c.type} ${c.key}`).sort()).toEqual(['added ns/comes', 'deleted ns/goes']);
    expect(client.lastWatch!.options.resourceVersion).toBe(client.currentResourceVersion);
    expect(informer.state).toBe('ready');
  });

  it('relists when the watch request itself is refused with 410', async () => {
    const client = new FakeKubeClient();
    client.failNextWatch(new KubeError(410, 'Expired', 'too old resource version'));
    const informer = start(client);
    await informer.synced();
    await eventually(() => client.listCalls.length === 2 && client.activeWatches.length === 1, 2_000, 'relist');
    expect(informer.state).toBe('ready');
  });

  it('restarts paging from the beginning when a continue token expires', async () => {
    const client = new FakeKubeClient();
    for (const name of ['a', 'b', 'c']) client.put(pod(name));
    client.failNextList(() => undefined);
    client.failNextList(new KubeError(410, 'Expired', 'the provided continue parameter is too old'));
    const informer = start(client, { pageSize: 2 });
    await informer.synced();
    expect(client.listCalls.map((c) => c.options.continue)).toEqual([undefined, 'page:2', undefined, 'page:2']);
    expect(informer.list()).toHaveLength(3);
  });

  it('stops on 403 with a fatal error state, rejects synced() and does not retry', async () => {
    const client = new FakeKubeClient();
    client.failNextList(new KubeError(403, 'Forbidden', 'pods is forbidden'));
    const informer = start(client);
    await expect(informer.synced()).rejects.toThrow('forbidden');
    expect(informer.status).toMatchObject({ state: 'error', fatal: true });
    expect(informer.lastError).toBeInstanceOf(KubeError);
    await sleep(60);
    expect(client.listCalls).toHaveLength(1);
    expect(client.watchCalls).toHaveLength(0);
  });

  it('relist() restarts an informer that gave up, once the refusal is lifted', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a'));
    client.failNextList(new KubeError(403, 'Forbidden', 'pods is forbidden'));
    const informer = start(client);
    await expect(informer.synced()).rejects.toThrow('forbidden');
    await informer.relist();
    expect(informer.state).toBe('ready');
    expect(informer.hasSynced).toBe(true);
    await informer.synced();
    expect(informer.list()).toHaveLength(1);
  });

  it('gives up on a watch that stays silent past its timeout (a half-open connection) and relists', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const client = new FakeKubeClient();
      const informer = start(client, { watchTimeoutSeconds: 5 });
      await informer.synced();
      await eventually(() => client.activeWatches.length === 1);
      const silent = client.lastWatch!;
      await vi.advanceTimersByTimeAsync(34_000);
      expect(silent.closed).toBe(false);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(silent.closed).toBe(true);
      await vi.advanceTimersByTimeAsync(1_000);
      await eventually(() => client.listCalls.length === 2 && client.activeWatches.length === 1, 2_000, 'relist and a new watch');
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops on 401 from a watch after syncing, keeping what it had', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a'));
    client.failNextWatch(new KubeError(401, 'Unauthorized', 'Unauthorized'));
    const informer = start(client);
    await informer.synced();
    await eventually(() => informer.state === 'error');
    expect(informer.status.fatal).toBe(true);
    expect(informer.hasSynced).toBe(true);
    expect(informer.list()).toHaveLength(1);
    await sleep(60);
    expect(client.watchCalls).toHaveLength(1);
  });

  it('backs off and relists after transient failures, then recovers', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a'));
    client.failNextList(new KubeError(0, 'Unreachable', 'cannot reach the API server'));
    client.failNextList(new KubeError(503, 'ServiceUnavailable', 'try later'));
    const informer = start(client);
    await eventually(() => informer.state === 'error', 2_000, 'error state');
    expect(informer.status.fatal).toBe(false);
    await informer.synced();
    expect(informer.state).toBe('ready');
    expect(client.listCalls).toHaveLength(3);

    await eventually(() => client.activeWatches.length === 1);
    client.lastWatch!.fail(new Error('socket hang up'));
    await eventually(() => client.listCalls.length === 4 && informer.state === 'ready', 2_000, 'relist after a broken watch');
  });

  it('does not loop tightly when watches keep ending at once', async () => {
    const client = new FakeKubeClient();
    client.onWatch = (watch) => setImmediate(() => watch.end());
    const informer = start(client, { backoff: { initialMs: 20, maxMs: 40 } });
    await informer.synced();
    await sleep(200);
    // Without back-off this would be thousands of watches.
    expect(client.watchCalls.length).toBeLessThan(15);
    expect(client.watchCalls.length).toBeGreaterThan(2);
  });

  it('reports a missing resource type, counts as synced with nothing, and picks the type up once it exists', async () => {
    const client = new FakeKubeClient();
    client.failNextList(new KubeError(404, 'NotFound', 'the server could not find the requested resource'));
    client.failNextList(new KubeError(404, 'NotFound', 'the server could not find the requested resource'));
    const informer = start(client);
    await informer.synced();
    expect(informer.state).toBe('missing');
    expect(informer.list()).toEqual([]);
    client.put(pod('late'));
    await eventually(() => informer.state === 'ready', 2_000, 'ready');
    expect(informer.list().map((p) => p.name)).toEqual(['late']);
    expect(client.listCalls).toHaveLength(3);
  });

  it('clears its objects when the type disappears (CRD deleted during a watch)', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a'));
    const informer = start(client, { missingRetryMs: 10_000 });
    await informer.synced();
    const changes = record(informer);
    await eventually(() => client.activeWatches.length === 1);
    client.failNextList(new KubeError(404, 'NotFound', 'gone'));
    client.lastWatch!.fail(new KubeError(404, 'NotFound', 'gone'));
    await eventually(() => informer.state === 'missing', 2_000, 'missing');
    expect(changes.map((c) => c.type)).toEqual(['deleted']);
  });

  it('relist() lists again, resolves once the list is in, and wakes a missing informer', async () => {
    const client = new FakeKubeClient();
    client.failNextList(new KubeError(404, 'NotFound', 'no such type'));
    const informer = start(client, { missingRetryMs: 60_000 });
    await informer.synced();
    expect(informer.state).toBe('missing');
    client.put(pod('a'));
    await informer.relist();
    expect(informer.state).toBe('ready');
    expect(informer.list()).toHaveLength(1);
    client.put(pod('b'));
    await informer.relist();
    expect(informer.list()).toHaveLength(2);
    expect(client.listCalls).toHaveLength(3);
  });

  it('dispose() aborts the watch, resolves when the loop has exited, and nothing runs afterwards', async () => {
    const client = new FakeKubeClient();
    const informer = start(client);
    await informer.synced();
    await eventually(() => client.activeWatches.length === 1);
    const watch = client.lastWatch!;
    await informer.dispose();
    expect(watch.closed).toBe(true);
    expect(watch.options.signal?.aborted).toBe(true);
    expect(informer.state).toBe('stopped');
    await sleep(50);
    expect(client.watchCalls).toHaveLength(1);
    expect(client.listCalls).toHaveLength(1);
    await expect(informer.relist()).rejects.toThrow('disposed');
  });

  it('dispose() before the first sync rejects synced() and ends retries; an aborted signal disposes too', async () => {
    const client = new FakeKubeClient();
    for (let i = 0; i < 5; i++) client.failNextList(new KubeError(0, 'Unreachable', 'down'));
    const controller = new AbortController();
    const informer = start(client, { signal: controller.signal, backoff: { initialMs: 30_000, maxMs: 30_000 } });
    await eventually(() => informer.state === 'error');
    controller.abort();
    await expect(informer.synced()).rejects.toThrow('disposed');
    await eventually(() => informer.state === 'stopped', 2_000, 'stopped');
    expect(client.listCalls).toHaveLength(1);
  });

  it('drops objects that stop passing the client-side filter', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a', 'Running', { labels: { keep: 'yes' } }));
    const informer = start(client, { accept: (o) => o.metadata?.labels?.keep === 'yes' });
    await informer.synced();
    const changes = record(informer);
    await eventually(() => client.activeWatches.length === 1);
    client.lastWatch!.send({ type: 'MODIFIED', object: client.put(pod('a', 'Running', { labels: { keep: 'no' } })) });
    client.lastWatch!.send({ type: 'ADDED', object: client.put(pod('b', 'Running', { labels: {} })) });
    expect(changes.map((c) => `${c.type} ${c.key}`)).toEqual(['deleted ns/a']);
    expect(informer.list()).toEqual([]);
  });

  it('skips an object whose projection throws and keeps going', async () => {
    const client = new FakeKubeClient();
    client.put(pod('good'));
    client.put(pod('bad'));
    const logs: string[] = [];
    const informer = start(client, {
      project: (o) => {
        if (o.metadata?.name === 'bad') throw new Error('malformed');
        return projectPod(o);
      },
      log: (m) => logs.push(m),
    });
    await informer.synced();
    expect(informer.list().map((p) => p.name)).toEqual(['good']);
    expect(logs.join('\n')).toContain('skipped ns/bad: malformed');
    expect(informer.state).toBe('ready');
  });

  it('keeps serving when a subscriber throws', async () => {
    const client = new FakeKubeClient();
    const informer = start(client, { log: () => undefined });
    await informer.synced();
    informer.subscribe(() => {
      throw new Error('broken listener');
    });
    const changes = record(informer);
    await eventually(() => client.activeWatches.length === 1);
    client.lastWatch!.send({ type: 'ADDED', object: client.put(pod('a')) });
    expect(changes).toHaveLength(1);
  });

  it('finds objects by index, by namespace and by filter; unsubscribe stops deliveries', async () => {
    const client = new FakeKubeClient();
    client.put(pod('a', 'Running', { labels: { release: 'one' }, namespace: 'x' }));
    client.put(pod('b', 'Pending', { labels: { release: 'one' }, namespace: 'y' }));
    client.put(pod('c', 'Running', { labels: { release: 'two' }, namespace: 'x' }));
    const informer = start<RawObject>(client, {
      project: (o) => o,
      indexers: { release: (o) => o.metadata?.labels?.release },
    });
    await informer.synced();
    expect(informer.byIndex('release', 'one').map((o) => o.metadata?.name).sort()).toEqual(['a', 'b']);
    expect(informer.inNamespace('x').map((o) => o.metadata?.name).sort()).toEqual(['a', 'c']);
    expect(informer.filter((o) => (o.status as { phase: string }).phase === 'Running')).toHaveLength(2);
    const seen: string[] = [];
    const unsubscribe = informer.subscribe((c) => seen.push(c.key));
    await eventually(() => client.activeWatches.length === 1);
    client.lastWatch!.send({ type: 'DELETED', object: client.objects.get('Pod/x/a')! });
    unsubscribe();
    client.lastWatch!.send({ type: 'DELETED', object: client.objects.get('Pod/x/c')! });
    expect(seen).toEqual(['x/a']);
    expect(informer.byIndex('release', 'one').map((o) => o.metadata?.name)).toEqual(['b']);
  });
});
