import { afterEach, describe, expect, it } from 'vitest';
import type { RawObject } from '@/lib/kube/informer';
import { FakeKubeClient, eventually } from '@/lib/kube/informer.testing';
import { createHostCache, type HostCache } from '@/lib/vcluster/host-cache';
import { viewIndexOf } from './vcluster-view-index';

const caches: HostCache[] = [];

afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.dispose()));
});

const tenantLabels = (tenant: string, name: string) => ({ 'cubby.dev/tenant': tenant, 'cubby.dev/vcluster': name });

function vcluster(client: FakeKubeClient, tenant: string, name: string, pods: number): void {
  const namespace = `vc-${tenant}--${name}`;
  client.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, uid: `ns-${namespace}`, labels: tenantLabels(tenant, name), annotations: { 'cubby.dev/options-generation': '1', 'cubby.dev/applied-generation': '1' } }, status: { phase: 'Active' } });
  client.put({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, uid: `sts-${namespace}`, generation: 1, labels: { app: 'vcluster', release: name } },
    spec: { replicas: 1, template: { metadata: { annotations: { vClusterConfigHash: 'h1' } } } },
    status: { observedGeneration: 1, currentRevision: `${name}-1`, updateRevision: `${name}-1`, readyReplicas: 1 },
  });
  client.put({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-0`, namespace, uid: `cp-${namespace}`, labels: { app: 'vcluster', release: name, 'controller-revision-hash': `${name}-1` }, annotations: { vClusterConfigHash: 'h1' } },
    spec: { nodeName: 'node-a', containers: [{ name: 'syncer' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'syncer', ready: true, restartCount: 0, state: { running: {} } }] },
  });
  client.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `vc-${name}`, namespace, labels: { app: 'vcluster', 'vcluster-name': name } } });
  client.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `vc-config-${name}`, namespace, labels: { app: 'vcluster', release: name } } });
  client.put({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'cubby-quota', namespace, labels: tenantLabels(tenant, name) },
    spec: { hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '20' } },
    status: { hard: { 'requests.cpu': '2', 'requests.memory': '4Gi', pods: '20' }, used: { 'requests.cpu': '500m', 'requests.memory': '1Gi', pods: String(pods + 1) } },
  });
  for (let i = 0; i < pods; i++) syncedPod(client, namespace, name, `p${i}`);
}

function syncedPod(client: FakeKubeClient, namespace: string, vclusterName: string, pod: string, extra: Record<string, string> = {}, live = false): RawObject {
  return client[live ? 'apply' : 'put']({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${pod}-x-default-x-${vclusterName}`, namespace, uid: `${namespace}-${pod}`, labels: { 'vcluster.loft.sh/managed-by': vclusterName, ...extra } },
    spec: { nodeName: 'node-b', containers: [{ name: 'c' }] },
    status: { phase: 'Running' },
  });
}

async function start(client: FakeKubeClient): Promise<HostCache> {
  const cache = createHostCache(client, { missingRetryMs: 60_000, backoff: { initialMs: 5, maxMs: 20 } });
  caches.push(cache);
  await cache.ready();
  // Eleven cluster-wide watches, and one on Secrets per vCluster namespace.
  await eventually(() => client.activeWatches.length === 11 + cache.informers.secrets.namespaces.length, 2_000, 'every watch');
  return cache;
}

function seeded(): FakeKubeClient {
  const client = new FakeKubeClient();
  client.put({ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', metadata: { name: 'a' }, spec: { quota: { maxVClusters: 5 } } });
  client.put({ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', metadata: { name: 'b' }, spec: { quota: { maxVClusters: 5 } } });
  client.put({ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', metadata: { name: 'empty' }, spec: { quota: { maxVClusters: 1 } } });
  vcluster(client, 'a', 'one', 3);
  vcluster(client, 'a', 'two', 2);
  vcluster(client, 'b', 'three', 1);
  return client;
}

describe('VClusterViewIndex', () => {
  it('holds every row, sorted, and per-tenant counts, pods and quota sums', async () => {
    const cache = await start(seeded());
    const index = viewIndexOf(cache);
    expect(index.all().map((v) => `${v.tenant}/${v.name} ${v.status} ${v.syncedPods}`)).toEqual(['a/one Running 3', 'a/two Running 2', 'b/three Running 1']);
    expect(index.tenantAggregates()).toEqual([
      { tenant: 'a', vclusters: 2, counts: { running: 2, pending: 0, paused: 0, other: 0 }, syncedPods: 5, cpu: { used: 1000, hard: 4000 }, memory: { used: 2 * 2 ** 30, hard: 8 * 2 ** 30 }, pods: { used: 7, hard: 40 } },
      { tenant: 'b', vclusters: 1, counts: { running: 1, pending: 0, paused: 0, other: 0 }, syncedPods: 1, cpu: { used: 500, hard: 2000 }, memory: { used: 2 ** 30, hard: 4 * 2 ** 30 }, pods: { used: 2, hard: 20 } },
      { tenant: 'empty', vclusters: 0, counts: { running: 0, pending: 0, paused: 0, other: 0 }, syncedPods: 0 },
    ]);
    expect(index.tenantUsage().find((u) => u.tenant === 'a')?.namespaces.map((n) => n.namespace)).toEqual(['vc-a--one', 'vc-a--two']);
    // The same body is served until something changes.
    expect(index.allJson()).toBe(index.allJson());
    expect(viewIndexOf(cache)).toBe(index);
  });

  it('leaves rows alone when a synced pod only changes its labels (pod churn)', async () => {
    const client = seeded();
    const cache = await start(client);
    const index = viewIndexOf(cache);
    const body = index.allJson();
    const version = index.version;
    syncedPod(client, 'vc-a--one', 'one', 'p0', { 'vcluster.loft.sh/seq': '1' }, true);
    const last = syncedPod(client, 'vc-a--one', 'one', 'p1', { 'vcluster.loft.sh/seq': '2' }, true);
    // The cache heard both (a synced pod's view keeps no labels, so it did not change).
    expect(last.metadata?.resourceVersion).toBeDefined();
    expect(cache.informers.syncedPods.resourceVersion).toBe(last.metadata?.resourceVersion);
    expect(index.version).toBe(version);
    expect(index.allJson()).toBe(body);
    expect(index.takeRowChange('vc-a--one')).toBeUndefined();
  });

  it('updates only the row that changed, and the tenant counts by the difference', async () => {
    const client = seeded();
    const cache = await start(client);
    const index = viewIndexOf(cache);
    const before = index.all();
    const untouched = index.row('vc-a--two');
    syncedPod(client, 'vc-a--one', 'one', 'p9', {}, true);
    const sts = client.objects.get('StatefulSet/vc-b--three/three')!;
    client.apply({ ...sts, metadata: { ...(sts.metadata as object), annotations: { 'loft.sh/paused': 'true' } } } as RawObject);

    expect(index.row('vc-a--one')?.syncedPods).toBe(4);
    expect(index.row('vc-b--three')?.status).toBe('Paused');
    // The other row is the very same object: it was not rebuilt.
    expect(index.row('vc-a--two')).toBe(untouched);
    expect(index.all()).not.toBe(before);
    expect(index.takeRowChange('vc-a--one')).toBe('row');
    expect(index.takeRowChange('vc-a--one')).toBeUndefined();
    expect(index.takeRowChange('vc-a--two')).toBeUndefined();
    const [a, b] = index.tenantAggregates();
    expect(a).toMatchObject({ tenant: 'a', syncedPods: 6, counts: { running: 2 } });
    expect(b).toMatchObject({ tenant: 'b', counts: { running: 0, paused: 1 } });
  });

  it("keeps each tenant's latest gateway use, also after the vCluster that had it goes", async () => {
    const client = seeded();
    const cache = await start(client);
    const index = viewIndexOf(cache);
    const used = (namespace: string, at: string, by: string) => {
      const ns = client.objects.get(`Namespace//${namespace}`)!;
      const metadata = ns.metadata as { annotations: Record<string, string> };
      client.apply({ ...ns, metadata: { ...metadata, annotations: { ...metadata.annotations, 'cubby.dev/last-activity-at': at, 'cubby.dev/last-activity-by': by } } } as RawObject);
    };
    used('vc-a--one', '2026-12-01T10:00:00.000Z', 'alice');
    used('vc-a--two', '2026-12-01T11:00:00.000Z', 'carol');
    expect(index.row('vc-a--two')?.lastUsed).toEqual({ at: '2026-12-01T11:00:00.000Z', by: 'carol' });
    expect(index.tenantAggregates()[0]!.lastUsed).toEqual({ at: '2026-12-01T11:00:00.000Z', by: 'carol', vcluster: 'two' });
    expect(index.tenantAggregates()[1]!.lastUsed).toBeUndefined();
    client.delete('Namespace', undefined, 'vc-a--two');
    expect(index.tenantAggregates()[0]!.lastUsed).toEqual({ at: '2026-12-01T10:00:00.000Z', by: 'alice', vcluster: 'one' });
  });

  it('says "list" when a vCluster appears or goes, and follows a namespace losing its labels', async () => {
    const client = seeded();
    const cache = await start(client);
    const index = viewIndexOf(cache);
    expect(index.all()).toHaveLength(3);
    client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vc-b--new', labels: tenantLabels('b', 'new') }, status: { phase: 'Active' } });
    expect(index.all().map((v) => v.name)).toEqual(['one', 'two', 'new', 'three']);
    expect(index.row('vc-b--new')).toMatchObject({ creationStep: 'rendering' });
    expect(index.takeRowChange('vc-b--new')).toBe('list');
    client.delete('Namespace', undefined, 'vc-b--new');
    expect(index.all()).toHaveLength(3);
    expect(index.tenantAggregates()[1]).toMatchObject({ tenant: 'b', vclusters: 1 });
  });

  it('moves the usage sums when a quota is recounted, without touching the rows', async () => {
    const client = seeded();
    const cache = await start(client);
    const index = viewIndexOf(cache);
    const version = index.version;
    const usageVersion = index.usageVersion;
    const quota = client.objects.get('ResourceQuota/vc-b--three/cubby-quota')!;
    client.apply({ ...quota, status: { ...(quota.status as object), used: { 'requests.cpu': '1500m', 'requests.memory': '1Gi', pods: '2' } } } as RawObject);
    expect(index.tenantAggregates()[1]?.cpu).toEqual({ used: 1500, hard: 2000 });
    expect(index.usageVersion).toBe(usageVersion + 1);
    expect(index.version).toBe(version);
  });
});
