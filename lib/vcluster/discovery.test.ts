import { describe, expect, it } from 'vitest';
import { type WorkloadLike, discoverVClusters, unassignedVClusters } from './discovery';
import type { NamespaceMetaLike } from './host-metadata';

const workload = (namespace: string, name: string, labels: Record<string, string> = { app: 'vcluster', release: name }): WorkloadLike => ({
  metadata: { name, namespace, labels: { chart: 'vcluster-0.36.1', ...labels }, creationTimestamp: '2026-01-01T00:00:00Z' },
});
const ns = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): NamespaceMetaLike => ({
  metadata: { name, labels, annotations },
});

describe('discoverVClusters', () => {
  const namespaces = [
    ns('team-x'),
    ns('vc-acme--dev', { 'cubby.dev/tenant': 'acme', 'cubby.dev/vcluster': 'dev' }, { 'cubby.dev/options-generation': '1' }),
    ns('legacy', { 'cubby.dev/tenant': 'acme', 'cubby.dev/vcluster': 'old' }, { 'cubby.dev/imported': '2026-01-01T00:00:00.000Z' }),
    ns('cli-made'),
    ns('gone', {}, {}),
  ];
  namespaces[4]!.metadata!.deletionTimestamp = '2026-01-01T00:00:00Z';

  const input = {
    statefulSets: [
      workload('team-x', 'my-vc'),
      workload('vc-acme--dev', 'dev'),
      workload('legacy', 'old'),
      workload('gone', 'x'),
      // The chart's etcd and other workloads are not control planes.
      workload('team-x', 'my-vc-etcd', { app: 'vcluster-etcd', release: 'my-vc' }),
      workload('team-x', 'unrelated', { app: 'web' }),
    ],
    deployments: [workload('cli-made', 'k3s'), workload('cli-made', 'coredns', { app: 'vcluster', release: 'k3s' })],
    namespaces,
  };

  it('finds control planes made by helm, the CLI and Cubby, with their tenant when assigned', () => {
    expect(discoverVClusters(input)).toEqual([
      { namespace: 'cli-made', name: 'k3s', kind: 'Deployment', createdByCubby: false, chart: 'vcluster-0.36.1', createdAt: '2026-01-01T00:00:00.000Z' },
      { namespace: 'legacy', name: 'old', kind: 'StatefulSet', tenant: 'acme', createdByCubby: false, chart: 'vcluster-0.36.1', createdAt: '2026-01-01T00:00:00.000Z' },
      { namespace: 'team-x', name: 'my-vc', kind: 'StatefulSet', createdByCubby: false, chart: 'vcluster-0.36.1', createdAt: '2026-01-01T00:00:00.000Z' },
      { namespace: 'vc-acme--dev', name: 'dev', kind: 'StatefulSet', tenant: 'acme', createdByCubby: true, chart: 'vcluster-0.36.1', createdAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('lists the unassigned ones for admins', () => {
    expect(unassignedVClusters(input).map((v) => `${v.namespace}/${v.name}`)).toEqual(['cli-made/k3s', 'team-x/my-vc']);
  });

  it('ignores workloads whose namespace it was not given', () => {
    expect(discoverVClusters({ statefulSets: [workload('elsewhere', 'a')], deployments: [], namespaces: [] })).toEqual([]);
  });
});
