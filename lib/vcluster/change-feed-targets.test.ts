import { describe, expect, it } from 'vitest';
import { changeTargets, type TargetContext } from './change-feed-targets';
import type { EventView, HostCacheChange, NamespaceView, PodView, SecretView, SyncedPodView, WorkloadView } from './host-cache-projections';

const context: TargetContext = {
  vclustersInNamespace: (namespace) => (namespace === 'team-a' ? ['dev'] : []),
  isControlPlanePod: (namespace, name) => namespace === 'team-a' && name === 'dev-0',
};

const targets = (change: HostCacheChange) => changeTargets(change, context);

function workload(labels: Record<string, string> = { app: 'vcluster', release: 'dev' }): WorkloadView {
  return { kind: 'StatefulSet', metadata: { name: 'dev', namespace: 'team-a', labels }, spec: { template: { metadata: {} } }, status: {} };
}

function syncedPod(nodeName?: string, vcluster = 'dev', namespace = 'team-a'): SyncedPodView {
  return {
    metadata: { name: 'web-x-default-x-dev', namespace },
    vcluster,
    ...(nodeName ? { node: nodeName } : {}),
    phase: 'Running',
    status: 'Running',
    readyContainers: 1,
    totalContainers: 1,
    restarts: 0,
  };
}

function event(involved: EventView['involvedObject'], namespace = 'team-a'): EventView {
  return { metadata: { name: 'e1', namespace }, involvedObject: involved, type: 'Warning', reason: 'X' };
}

function secret(name: string, labels: Record<string, string>): SecretView {
  return { metadata: { name, namespace: 'team-a', labels } };
}

describe('changeTargets', () => {
  it('a vCluster appearing or going away changes lists and its status; an update only its status', () => {
    expect(targets({ source: 'statefulSets', change: { type: 'added', key: 'team-a/dev', object: workload() } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['list', 'status'] },
    ]);
    expect(targets({ source: 'deployments', change: { type: 'updated', key: 'team-a/dev', object: workload(), previous: workload() } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['status'] },
    ]);
    expect(targets({ source: 'statefulSets', change: { type: 'deleted', key: 'team-a/dev', object: workload({ app: 'vcluster' }) } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['list', 'status'] },
    ]);
  });

  it('a control-plane pod belongs to its release', () => {
    const pod: PodView = { metadata: { name: 'dev-0', namespace: 'team-a', labels: { release: 'dev' } }, spec: { containers: [] }, status: {} };
    expect(targets({ source: 'controlPlanePods', change: { type: 'updated', key: 'team-a/dev-0', object: pod } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['status'] },
    ]);
    const orphan: PodView = { ...pod, metadata: { name: 'x', namespace: 'team-a' } };
    expect(targets({ source: 'controlPlanePods', change: { type: 'added', key: 'team-a/x', object: orphan } })).toEqual([]);
  });

  it('a synced pod belongs to the vCluster in its managed-by label, in the pod’s namespace; nodes change with its node', () => {
    expect(targets({ source: 'syncedPods', change: { type: 'added', key: 'k', object: syncedPod() } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['pods'] },
    ]);
    expect(targets({ source: 'syncedPods', change: { type: 'updated', key: 'k', object: syncedPod('node-a'), previous: syncedPod() } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['pods', 'nodes'] },
    ]);
    expect(targets({ source: 'syncedPods', change: { type: 'updated', key: 'k', object: syncedPod('node-a'), previous: syncedPod('node-a') } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['pods'] },
    ]);
    expect(targets({ source: 'syncedPods', change: { type: 'deleted', key: 'k', object: syncedPod('node-a', 'other', 'team-b') } })).toEqual([
      { scope: 'vcluster', namespace: 'team-b', name: 'other', kinds: ['pods', 'nodes'] },
    ]);
  });

  it('the kubeconfig Secret belongs to the vCluster it names; the chart’s Secrets to their release', () => {
    expect(targets({ source: 'secrets', change: { type: 'added', key: 'k', object: secret('vc-dev', { app: 'vcluster', 'vcluster-name': 'dev' }) } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['status', 'kubeconfig'] },
    ]);
    // vc-config-dev is dev's config Secret, even though a vCluster named config-dev would use vc-config-dev too.
    expect(targets({ source: 'secrets', change: { type: 'added', key: 'k', object: secret('vc-config-dev', { app: 'vcluster', release: 'dev' }) } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['status'] },
    ]);
    expect(targets({ source: 'secrets', change: { type: 'added', key: 'k', object: secret('vc-unknown', { app: 'vcluster' }) } })).toEqual([]);
  });

  it('an event belongs to the vCluster of the namespace its object lives in; control-plane events also change its status', () => {
    expect(targets({ source: 'events', change: { type: 'added', key: 'k', object: event({ kind: 'Pod', name: 'web-x-default-x-dev', namespace: 'team-a' }) } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['events'] },
    ]);
    expect(targets({ source: 'events', change: { type: 'added', key: 'k', object: event({ kind: 'Pod', name: 'dev-0', namespace: 'team-a' }) } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['events', 'status'] },
    ]);
    expect(targets({ source: 'events', change: { type: 'updated', key: 'k', object: event({ kind: 'PersistentVolumeClaim', name: 'data-dev-0' }) } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['events', 'status'] },
    ]);
    expect(targets({ source: 'events', change: { type: 'added', key: 'k', object: event({ kind: 'Pod', name: 'x', namespace: 'elsewhere' }, 'elsewhere') } })).toEqual([]);
  });

  it('a namespace change concerns the vClusters in it, and a Cubby-labelled namespace appearing changes lists', () => {
    const ns = (labels?: Record<string, string>, name = 'team-a'): NamespaceView => ({ metadata: { name, ...(labels ? { labels } : {}) }, status: { phase: 'Active' } });
    expect(targets({ source: 'namespaces', change: { type: 'updated', key: 'team-a', object: ns() } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['status'] },
    ]);
    expect(targets({ source: 'namespaces', change: { type: 'added', key: 'new', object: ns({ 'cubby.dev/vcluster': 'fresh' }, 'new') } })).toEqual([
      { scope: 'vcluster', namespace: 'new', name: 'fresh', kinds: ['list', 'status'] },
    ]);
    expect(targets({ source: 'namespaces', change: { type: 'added', key: 'other', object: ns(undefined, 'other') } })).toEqual([]);
  });

  it('Services and Ingresses change how a vCluster is reached; tenants and templates have their own scopes', () => {
    const service = { metadata: { name: 'dev', namespace: 'team-a', labels: { release: 'dev' } }, spec: { ports: [] }, status: {} };
    expect(targets({ source: 'services', change: { type: 'updated', key: 'k', object: service } })).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'dev', kinds: ['access'] },
    ]);
    expect(targets({ source: 'tenants', change: { type: 'added', key: 'a', object: { name: 'a', spec: { members: { users: [], groups: [] }, quota: { maxVClusters: 1 }, templates: [] } } } })).toEqual([
      { scope: 'tenants' },
    ]);
    expect(targets({ source: 'templates', change: { type: 'deleted', key: 't', object: { name: 't', spec: { baseValues: {}, allowedOptions: {} as never } } } })).toEqual([
      { scope: 'templates' },
    ]);
  });
});
