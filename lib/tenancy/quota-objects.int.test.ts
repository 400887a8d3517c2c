import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Container, V1LimitRange, V1Pod, V1ResourceQuota } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { DEFAULT_CONTROL_PLANE_RESERVE, NO_RESERVE } from './control-plane-reserve';
import type { Quota } from './model';
import { LIMIT_RANGE_NAME, QUOTA_NAME, quotaObjects } from './quota-objects';

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const pod = (name: string, namespace: string, containers: V1Container[] = [{ name: 'app', image: 'busybox' }], initContainers?: V1Container[]): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { containers, ...(initContainers ? { initContainers } : {}) },
});

describe('tenant quota objects, admitted and enforced by the API server', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const workloads = uniqueName('vc-quota');
  const controlPlane = uniqueName('vc-reserve');

  /** The namespace, its quota objects, and a quota the admission plugin already enforces. */
  async function prepare(namespace: string, quota: Quota, reserve = NO_RESERVE): Promise<void> {
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    for (const object of quotaObjects(quota, namespace, { reserve })) await admin.apply(object);
    await until('the quota controller to fill status.hard', async () => {
      const rq = await admin.get<V1ResourceQuota>(ResourceTypes.ResourceQuota, QUOTA_NAME, namespace);
      return Object.keys(rq.status?.hard ?? {}).length === Object.keys(rq.spec?.hard ?? {}).length;
    });
    await until('the default service account', async () => Boolean(await admin.find(ResourceTypes.ServiceAccount, 'default', namespace)));
  }

  beforeAll(async () => {
    await prepare(workloads, { maxVClusters: 1, cpu: '3', memory: '4Gi', pods: 2 });
    await prepare(controlPlane, { maxVClusters: 1, cpu: '0', memory: '0', pods: 0 }, DEFAULT_CONTROL_PLANE_RESERVE);
  });

  afterAll(async () => {
    for (const ns of [workloads, controlPlane]) await admin.delete(ResourceTypes.Namespace, ns);
    admin.close();
  });

  const refusal = async (body: V1Pod): Promise<KubeError> => {
    const error = await admin.create(ResourceTypes.Pod, body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).status).toBe(403);
    return error as KubeError;
  };

  it('refuses a pod that asks for more CPU than the quota holds', async () => {
    const error = await refusal(pod('greedy', workloads, [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '4' }, limits: { cpu: '4' } } }]));
    expect(error.message).toContain('exceeded quota');
    expect(error.message).toContain('cpu');
  });

  it('admits pods without resources (with the defaults) up to the pod limit, then refuses', async () => {
    const first = await admin.create<V1Pod>(ResourceTypes.Pod, pod('first', workloads));
    expect(first.spec?.containers[0]?.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    await admin.create(ResourceTypes.Pod, pod('second', workloads));
    const error = await refusal(pod('third', workloads));
    expect(error.message).toContain('exceeded quota');
    expect(error.message).toContain('pods');
  });

  it("fits the chart's default control plane into a quota of zero plus the reserve, and nothing beside it", async () => {
    await admin.create(
      ResourceTypes.Pod,
      pod(
        'control-plane-0',
        controlPlane,
        [{ name: 'syncer', image: 'vcluster', resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '4Gi' } } }],
        [{ name: 'kubernetes', image: 'kubernetes', resources: { requests: { cpu: '40m', memory: '64Mi' }, limits: { cpu: '100m', memory: '256Mi' } } }],
      ),
    );
    const error = await refusal(pod('tenant-app', controlPlane));
    expect(error.message).toContain('exceeded quota');
  });

  it('re-applied after a quota change, drops limits that are no longer set', async () => {
    for (const object of quotaObjects({ maxVClusters: 1, pods: 5 }, workloads, { reserve: NO_RESERVE })) await admin.apply(object);
    const rq = await admin.get<V1ResourceQuota>(ResourceTypes.ResourceQuota, QUOTA_NAME, workloads);
    expect(rq.spec?.hard).toEqual({ pods: '5' });
    const lr = await admin.get<V1LimitRange>(ResourceTypes.LimitRange, LIMIT_RANGE_NAME, workloads);
    expect(lr.spec?.limits ?? []).toEqual([]);
  });
});
