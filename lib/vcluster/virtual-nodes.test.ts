import { describe, expect, it } from 'vitest';
import { virtualNodeRows } from './virtual-nodes';

describe('virtualNodeRows', () => {
  it('marks fake nodes and reads capacity, readiness, versions and addresses', () => {
    const rows = virtualNodeRows([
      {
        metadata: { name: 'real-b', labels: { 'kubernetes.io/hostname': 'real-b' } },
        spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], unschedulable: true },
        status: { capacity: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'False' }] },
      },
      {
        metadata: { name: 'kwok-node-a', labels: { 'vcluster.loft.sh/fake-node': 'true', 'kubernetes.io/hostname': 'fake-kwok-node-a' }, creationTimestamp: '2026-01-01T00:00:00Z' },
        status: {
          capacity: { cpu: '16', memory: '32Gi', pods: '110' },
          conditions: [{ type: 'Ready', status: 'True' }],
          nodeInfo: { kubeletVersion: 'v1.19.1', osImage: 'Fake Kubernetes Image' },
          addresses: [{ type: 'Hostname', address: 'kwok-node-a.nodes.vcluster.com' }, { type: 'InternalIP', address: '10.96.0.20' }],
        },
      },
    ]);
    expect(rows.map((r) => r.name)).toEqual(['kwok-node-a', 'real-b']);
    expect(rows[0]).toEqual({
      name: 'kwok-node-a',
      fake: true,
      labels: { 'vcluster.loft.sh/fake-node': 'true', 'kubernetes.io/hostname': 'fake-kwok-node-a' },
      capacity: { cpu: '16', memory: '32Gi', pods: '110' },
      ready: true,
      unschedulable: false,
      taints: [],
      kubeletVersion: 'v1.19.1',
      osImage: 'Fake Kubernetes Image',
      addresses: [{ type: 'Hostname', address: 'kwok-node-a.nodes.vcluster.com' }, { type: 'InternalIP', address: '10.96.0.20' }],
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(rows[1]).toMatchObject({ fake: false, ready: false, unschedulable: true, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
  });
});
