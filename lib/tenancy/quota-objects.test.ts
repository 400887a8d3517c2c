import { describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CONTAINER_DEFAULTS, DEFAULT_CONTROL_PLANE_RESERVE, NO_RESERVE, controlPlaneReserve, podFootprint } from './control-plane-reserve';
import { quotaHard, quotaObjects } from './quota-objects';

describe('quotaObjects', () => {
  it('adds the control plane reserve to every amount the tenant set, and only those', () => {
    expect(quotaHard({ maxVClusters: 3, cpu: '2', memory: '4Gi', pods: 10 })).toEqual({
      'requests.cpu': '2200m',
      'limits.cpu': '3',
      'requests.memory': '4352Mi',
      'limits.memory': '8Gi',
      pods: '11',
    });
    expect(quotaHard({ maxVClusters: 3, memory: '1Gi' }, NO_RESERVE)).toEqual({ 'requests.memory': '1Gi', 'limits.memory': '1Gi' });
    expect(quotaHard({ maxVClusters: 3 })).toEqual({});
  });

  it('defaults only the resources the quota constrains, and always emits both objects', () => {
    const [quota, limits] = quotaObjects({ maxVClusters: 1, cpu: '1' }, 'ns', { labels: { 'cubby.dev/tenant': 't' } }) as (KubernetesObject & { spec: Record<string, unknown> })[];
    expect(quota).toMatchObject({ kind: 'ResourceQuota', metadata: { name: 'cubby-quota', namespace: 'ns', labels: { 'cubby.dev/tenant': 't', 'app.kubernetes.io/managed-by': 'cubby' } } });
    expect(limits).toMatchObject({ kind: 'LimitRange', metadata: { name: 'cubby-defaults', namespace: 'ns' } });
    expect(limits!.spec.limits).toEqual([{ type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '100m' } }]);
    const [, none] = quotaObjects({ maxVClusters: 1, pods: 4 }, 'ns') as (KubernetesObject & { spec: Record<string, unknown> })[];
    expect(none!.spec.limits).toEqual([]);
  });

  it('sets default limits at or above default requests', () => {
    for (const resource of ['cpu', 'memory'] as const) {
      expect(podFootprint({ containers: [{ name: 'c' }] }).requests[resource]).toBe(CONTAINER_DEFAULTS.defaultRequest[resource]);
      expect(podFootprint({ containers: [{ name: 'c' }] }).limits[resource]).toBe(CONTAINER_DEFAULTS.default[resource]);
    }
  });
});

describe('control plane reserve', () => {
  it("matches the chart's default control plane", () => {
    expect(DEFAULT_CONTROL_PLANE_RESERVE).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '4Gi' }, pods: 1 });
  });

  it('charges the larger of the containers and the init containers', () => {
    const footprint = podFootprint({
      containers: [
        { name: 'a', resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '200m', memory: '200Mi' } } },
        { name: 'b', resources: { limits: { cpu: '300m', memory: '300Mi' } } },
      ],
      initContainers: [{ name: 'init', resources: { requests: { cpu: '1', memory: '64Mi' }, limits: { cpu: '1', memory: '64Mi' } } }],
    });
    // b's request defaults to its limit; the init container dominates CPU but not memory.
    expect(footprint).toEqual({ requests: { cpu: '1', memory: '400Mi' }, limits: { cpu: '1', memory: '500Mi' }, pods: 1 });
  });

  it('reads rendered objects: replicas, and one surge pod for a Deployment', () => {
    const template = { spec: { containers: [{ name: 'syncer', resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } }] } };
    const objects = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' }, spec: { replicas: 3, template } },
    ] as KubernetesObject[];
    expect(controlPlaneReserve(objects)).toEqual({ requests: { cpu: '600m', memory: '768Mi' }, limits: { cpu: '3', memory: '3Gi' }, pods: 3 });
    const deployment = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 1, template } }] as unknown as KubernetesObject[];
    expect(controlPlaneReserve(deployment).pods).toBe(2);
    expect(controlPlaneReserve([])).toEqual({ ...NO_RESERVE });
  });
});
