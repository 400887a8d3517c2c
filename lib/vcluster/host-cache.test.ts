import { afterEach, describe, expect, it } from 'vitest';
import type { RawObject } from '@/lib/kube/informer';
import { FakeKubeClient, eventually } from '@/lib/kube/informer.testing';
import { createChangeFeed, type ChangeNotification } from './change-feed';
import { createHostCache, type HostCache, type HostCacheChange } from './host-cache';
import { vClusterStatus } from './status';

const caches: HostCache[] = [];

afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.dispose()));
});

function start(client: FakeKubeClient, options: Parameters<typeof createHostCache>[1] = {}): HostCache {
  const cache = createHostCache(client, { missingRetryMs: 60_000, backoff: { initialMs: 5, maxMs: 20 }, ...options });
  caches.push(cache);
  return cache;
}

const labels = (release: string) => ({ app: 'vcluster', release });

function seed(client: FakeKubeClient): void {
  client.put({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'dev', namespace: 'team-a', uid: 's1', generation: 1, labels: labels('dev') },
    spec: { replicas: 1, template: { metadata: { annotations: { vClusterConfigHash: 'h1' } } } },
    status: { observedGeneration: 1, currentRevision: 'dev-1', updateRevision: 'dev-1' },
  });
  client.put({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'light', namespace: 'team-b', uid: 'd1', labels: labels('light') },
    spec: { replicas: 1, template: { metadata: {} } },
    status: {},
  });
  client.put({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'unrelated', namespace: 'team-a', labels: { app: 'db' } },
    spec: {},
  });
  client.put({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'dev-0', namespace: 'team-a', uid: 'p1', labels: { ...labels('dev'), 'controller-revision-hash': 'dev-1' }, annotations: { vClusterConfigHash: 'h1' } },
    spec: { nodeName: 'node-a', containers: [{ name: 'syncer' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'syncer', ready: true, restartCount: 0, state: { running: {} } }] },
  });
  for (const [name, vcluster, namespace] of [
    ['web-x-default-x-dev', 'dev', 'team-a'],
    ['api-x-default-x-dev', 'dev', 'team-a'],
    ['web-x-default-x-light', 'light', 'team-b'],
  ] as const) {
    client.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        labels: { 'vcluster.loft.sh/managed-by': vcluster, 'vcluster.loft.sh/namespace': 'default' },
        annotations: { 'vcluster.loft.sh/name': name.split('-x-')[0]!, 'vcluster.loft.sh/namespace': 'default' },
      },
      spec: { nodeName: 'node-b', containers: [{ name: 'c' }] },
      status: { phase: 'Running' },
    });
  }
  client.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain', namespace: 'team-a', labels: {} }, spec: { containers: [] }, status: {} });
  client.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-dev', namespace: 'team-a', labels: { app: 'vcluster', 'vcluster-name': 'dev' } }, data: { config: 'c2VjcmV0' } });
  client.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-config-dev', namespace: 'team-a', labels: labels('dev') }, data: { 'config.yaml': 'eA==' } });
  client.put({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sh.helm.release.v1.dev.v1', namespace: 'team-a', labels: { app: 'vcluster' } }, data: {} });
  client.put({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dev', namespace: 'team-a', labels: labels('dev') }, spec: { type: 'ClusterIP', ports: [{ port: 443 }] } });
  client.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'cubby.dev/tenant': 'a', 'cubby.dev/vcluster': 'dev' } }, status: { phase: 'Active' } });
  // Cubby created the namespace; the chart is not applied yet.
  client.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-c', labels: { 'cubby.dev/tenant': 'c', 'cubby.dev/vcluster': 'fresh' } }, status: { phase: 'Active' } });
  for (let i = 0; i < 8; i++) {
    client.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `e${i}`, namespace: 'team-a' },
      involvedObject: { kind: 'Pod', name: 'dev-0', namespace: 'team-a' },
      type: 'Normal',
      reason: `R${i}`,
      lastTimestamp: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    });
  }
}

describe('HostCache over a stubbed client', () => {
  it('becomes ready with the cubby.dev CRDs missing and answers every query from memory', async () => {
    const client = new FakeKubeClient();
    client.missingKinds.add('Tenant').add('VClusterTemplate');
    seed(client);
    const cache = start(client, { eventsPerNamespace: 5 });
    await cache.ready();
    const listsAfterSync = client.listCalls.length;

    expect(cache.status().tenants.state).toBe('missing');
    expect(cache.tenants()).toEqual([]);
    expect(cache.vclusterWorkloads().map((w) => `${w.kind} ${w.metadata.namespace}/${w.metadata.name}`)).toEqual([
      'StatefulSet team-a/dev',
      'Deployment team-b/light',
    ]);
    expect(cache.vclustersInNamespace('team-a')).toEqual(['dev']);
    expect(cache.vclustersInNamespace('team-b')).toEqual(['light']);
    expect(cache.vclustersInNamespace('team-c')).toEqual(['fresh']);
    expect(cache.vclustersInNamespace('kube-system')).toEqual([]);
    expect(cache.controlPlanePods('team-a', 'dev').map((p) => p.metadata.name)).toEqual(['dev-0']);
    expect(cache.isControlPlanePod('team-a', 'dev-0')).toBe(true);
    expect(cache.syncedPods('team-a', 'dev').map((p) => p.virtualName)).toEqual(['api', 'web']);
    expect(cache.syncedPods('team-a', 'light')).toEqual([]);
    expect(cache.syncedPods('team-b', 'light')).toHaveLength(1);
    expect(cache.kubeconfigSecretExists('team-a', 'dev')).toBe(true);
    expect(cache.configSecretExists('team-a', 'dev')).toBe(true);
    // team-b carries no tenant label: Cubby reads no Secrets there, so it cannot tell.
    expect(cache.kubeconfigSecretExists('team-b', 'light')).toBeUndefined();
    expect(cache.kubeconfigSecretExists('team-c', 'fresh')).toBe(false);
    expect(cache.informers.secrets.size).toBe(2);
    expect(cache.informers.secrets.namespaces.sort()).toEqual(['team-a', 'team-c']);
    expect(JSON.stringify(cache.informers.secrets.list())).not.toContain('c2VjcmV0');
    expect(cache.services('team-a').map((s) => s.spec.ports[0]?.port)).toEqual([443]);
    expect(cache.namespace('team-a')?.metadata.labels?.['cubby.dev/tenant']).toBe('a');
    expect(cache.events('team-a').map((e) => e.reason)).toEqual(['R7', 'R6', 'R5', 'R4', 'R3']);

    const status = vClusterStatus({
      statefulSet: cache.workload('team-a', 'dev'),
      pods: cache.controlPlanePods('team-a', 'dev'),
      events: cache.events('team-a'),
      kubeconfigSecretExists: cache.kubeconfigSecretExists('team-a', 'dev'),
      configSecretExists: cache.configSecretExists('team-a', 'dev'),
    });
    expect(status).toMatchObject({ status: 'Running', creationStep: 'ready', configPending: false });
    // Reads are served from memory: no list per query.
    expect(client.listCalls.length).toBe(listsAfterSync);
  });

  it('tags changes with their source and feeds the change feed', async () => {
    const client = new FakeKubeClient();
    seed(client);
    client.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { 'cubby.dev/tenant': 'b', 'cubby.dev/vcluster': 'light' } }, status: { phase: 'Active' } });
    const cache = start(client);
    await cache.ready();
    // Eleven cluster-wide watches and one Secret watch per tenant namespace (team-a, -b, -c).
    await eventually(() => client.activeWatches.length === 14, 2_000, 'fourteen watches');
    const changes: HostCacheChange[] = [];
    cache.onChange((c) => changes.push(c));
    const feed = createChangeFeed(cache, { coalesceMs: 20 });
    const notifications: ChangeNotification[] = [];
    feed.subscribe((n) => notifications.push(n));

    const sts = client.objects.get('StatefulSet/team-a/dev')!;
    client.apply({ ...sts, metadata: { ...sts.metadata, annotations: { 'loft.sh/paused': 'true' } } } as RawObject);
    client.delete('Pod', 'team-a', 'web-x-default-x-dev');
    client.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-light', namespace: 'team-b', labels: { app: 'vcluster', 'vcluster-name': 'light' } } });
    client.apply({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'late', namespace: 'team-b' }, involvedObject: { kind: 'Deployment', name: 'light' }, lastTimestamp: new Date().toISOString() });

    expect(changes.map((c) => `${c.source} ${c.change.type} ${c.change.key}`)).toEqual([
      'statefulSets updated team-a/dev',
      'syncedPods deleted team-a/web-x-default-x-dev',
      'secrets added team-b/vc-light',
      'events added team-b/late',
    ]);
    expect(cache.vclusterWorkloads()[0]?.metadata.annotations).toEqual({ 'loft.sh/paused': 'true' });
    await eventually(() => notifications.length === 2, 2_000, 'notifications');
    expect(notifications).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['status', 'pods', 'nodes'] },
      { scope: 'vcluster', namespace: 'team-b', name: 'light', kinds: ['status', 'events', 'kubeconfig'] },
    ]);
    feed.dispose();
  });

  it('reads tenants and templates the way the tenancy stores do, once their CRDs exist', async () => {
    const client = new FakeKubeClient();
    client.put({ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', metadata: { name: 'b' }, spec: { members: { users: ['u'] }, quota: { maxVClusters: 2 } } });
    client.put({ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', metadata: { name: 'a' }, spec: {} });
    client.put({ apiVersion: 'cubby.dev/v1alpha1', kind: 'VClusterTemplate', metadata: { name: 'small' }, spec: { baseValues: { sync: {} } } });
    const cache = start(client);
    await cache.ready();
    expect(cache.tenants().map((t) => t.name)).toEqual(['a', 'b']);
    expect(cache.tenant('b')?.spec).toEqual({ members: { users: ['u'], groups: [] }, quota: { maxVClusters: 2 }, templates: [] });
    expect(cache.template('small')?.spec.baseValues).toEqual({ sync: {} });
    expect(cache.templates()).toHaveLength(1);
  });

  it('watches Secrets only in namespaces labelled with a tenant, following the label', async () => {
    const client = new FakeKubeClient();
    seed(client);
    client.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' }, status: { phase: 'Active' } });
    const cache = start(client);
    await cache.ready();
    const secretLists = () => client.listCalls.filter((c) => c.type.kind === 'Secret');
    expect(secretLists().every((c) => c.options.namespace === 'team-a' || c.options.namespace === 'team-c')).toBe(true);
    expect(secretLists().some((c) => c.options.namespace === undefined)).toBe(false);
    const changes: HostCacheChange[] = [];
    cache.onChange((c) => c.source === 'secrets' && changes.push(c));

    // Assigned to a tenant: its Secrets are read from then on.
    client.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-light', namespace: 'team-b', labels: { app: 'vcluster' } } });
    client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b', labels: { 'cubby.dev/tenant': 'b', 'cubby.dev/vcluster': 'light' } }, status: { phase: 'Active' } });
    await eventually(() => cache.kubeconfigSecretExists('team-b', 'light') === true, 2_000, 'team-b read');
    // The label taken away (or the namespace deleted): forgotten, and its Secrets announced gone.
    client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, status: { phase: 'Active' } });
    expect(cache.kubeconfigSecretExists('team-a', 'dev')).toBeUndefined();
    expect(changes.map((c) => `${c.change.type} ${c.change.key}`).sort()).toEqual(['added team-b/vc-light', 'deleted team-a/vc-config-dev', 'deleted team-a/vc-dev']);
  });

  it('dispose() closes every watch', async () => {
    const client = new FakeKubeClient();
    const cache = start(client);
    await cache.ready();
    await eventually(() => client.activeWatches.length === 11, 2_000, 'eleven watches');
    await cache.dispose();
    expect(client.activeWatches).toHaveLength(0);
    expect(cache.isDisposed).toBe(true);
  });
});
