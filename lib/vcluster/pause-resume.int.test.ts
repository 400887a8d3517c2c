import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { changeVClusterOptions } from './change-options';
import { optionsVersion } from './host-metadata';
import { PAUSED_DATE_ANNOTATION, PAUSED_REPLICAS_ANNOTATION, pauseVCluster, resumeVCluster } from './pause-resume';
import { createVCluster } from './provision';
import { vClusterStatus } from './status';
import {
  groupMemberOf,
  memberOf,
  rejection,
  removeTenantNamespaces,
  sandboxDeps,
  testTemplate,
  testTenant,
  waitFor,
  waitForRunningControlPlane,
} from './lifecycle.testing';

describe('pause and resume against the sandbox', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const other = testTenant();
  const template = testTemplate();
  const namespace = `vc-${tenant.name}--ci`;
  const statefulSet = () => client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'ci', namespace);

  beforeAll(async () => {
    await createVCluster(deps, { tenant, template, name: 'ci', requestedBy: 'alice', actor: 'service-account' });
    await waitForRunningControlPlane(client, namespace, 'ci');
  });

  afterAll(async () => {
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it('a member of another tenant can neither pause nor resume it', async () => {
    const before = await statefulSet();
    expect(await rejection(pauseVCluster(deps, { tenant: tenant.name, name: 'ci', actor: memberOf(other) }))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await rejection(resumeVCluster(deps, { tenant: tenant.name, name: 'ci', actor: memberOf(other) }))).toMatchObject({ status: 404, code: 'not_found' });
    const after = await statefulSet();
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.metadata?.annotations).toEqual(before.metadata?.annotations);
  });

  it('pause scales to 0 and sets the annotations the vcluster CLI sets; synced pods go', async () => {
    // A pod the syncer would have made for a workload inside the vCluster. The sandbox runtime
    // deletes it on its own (nothing inside backs it), racing the pause; the finalizer keeps it
    // listed, as a pod on a slow kubelet would be, so what pause deletes is always seen.
    await client.create(ResourceTypes.Pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-x-default-x-ci',
        namespace,
        finalizers: ['cubby.dev/test-hold'],
        labels: { 'vcluster.loft.sh/managed-by': 'ci', 'vcluster.loft.sh/namespace': 'default' },
        annotations: { 'vcluster.loft.sh/object-name': 'web', 'vcluster.loft.sh/object-namespace': 'default' },
      },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    } as V1Pod);

    const pausedAt = new Date('2026-03-04T05:06:07.089Z');
    const result = await pauseVCluster({ ...deps, now: () => pausedAt }, { tenant: tenant.name, name: 'ci', actor: memberOf(tenant) });
    expect(result).toMatchObject({ changed: true, replicas: 1, deletedPods: ['web-x-default-x-ci'] });
    expect((await client.get<V1Pod>(ResourceTypes.Pod, 'web-x-default-x-ci', namespace)).metadata?.deletionTimestamp).toBeTruthy();
    await client.patch(ResourceTypes.Pod, 'web-x-default-x-ci', namespace, { metadata: { finalizers: null } });

    const sts = await statefulSet();
    expect(sts.spec?.replicas).toBe(0);
    expect(sts.metadata?.annotations).toMatchObject({
      'loft.sh/paused': 'true',
      [PAUSED_REPLICAS_ANNOTATION]: '1',
      [PAUSED_DATE_ANNOTATION]: '2026-03-04T05:06:07.089Z',
    });
    // The patch was made as the member: the API server recorded the impersonated user's change
    // under Cubby's field manager.
    expect(sts.metadata?.managedFields?.some((f) => f.manager === 'cubby' && f.operation === 'Update')).toBe(true);

    const pods = await waitFor('the control plane pod to go', async () => {
      const list = await client.list<V1Pod>(ResourceTypes.Pod, { namespace });
      return list.items.length === 0 ? list.items : undefined;
    });
    expect(vClusterStatus({ statefulSet: sts, pods, kubeconfigSecretExists: false }).status).toBe('Paused');
  });

  it('pausing a paused vCluster changes nothing', async () => {
    const before = await statefulSet();
    const result = await pauseVCluster(deps, { tenant: tenant.name, name: 'ci', actor: groupMemberOf(tenant) });
    expect(result).toMatchObject({ changed: false, replicas: 1 });
    // (The controller may still be writing status, so compare spec and annotations, not resourceVersion.)
    const after = await statefulSet();
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
    expect(after.metadata?.annotations).toEqual(before.metadata?.annotations);
  });

  it('an option change while paused keeps it paused', async () => {
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    await changeVClusterOptions(deps, {
      tenant,
      name: 'ci',
      template,
      options: { ingressSync: true },
      expectedVersion: optionsVersion(ns),
      actor: memberOf(tenant),
    });
    const sts = await statefulSet();
    expect(sts.spec?.replicas).toBe(0);
    expect(sts.metadata?.annotations?.['loft.sh/paused']).toBe('true');
  });

  it('resume restores the replicas from the annotation and removes the annotations', async () => {
    const result = await resumeVCluster(deps, { tenant: tenant.name, name: 'ci', actor: memberOf(tenant) });
    expect(result).toMatchObject({ changed: true, replicas: 1 });
    const sts = await statefulSet();
    expect(sts.spec?.replicas).toBe(1);
    for (const key of ['loft.sh/paused', PAUSED_REPLICAS_ANNOTATION, PAUSED_DATE_ANNOTATION]) expect(sts.metadata?.annotations?.[key]).toBeUndefined();
    await waitForRunningControlPlane(client, namespace, 'ci');
    expect(await resumeVCluster(deps, { tenant: tenant.name, name: 'ci', actor: memberOf(tenant) })).toMatchObject({ changed: false });
  });

  it('a vCluster scaled to 0 by hand is paused with its configured replicas, as the CLI does', async () => {
    await client.patch(ResourceTypes.StatefulSet, 'ci', namespace, { spec: { replicas: 0 } });
    const result = await pauseVCluster(deps, { tenant: tenant.name, name: 'ci', actor: memberOf(tenant) });
    expect(result).toMatchObject({ changed: true, replicas: 1 });
    expect((await statefulSet()).metadata?.annotations?.[PAUSED_REPLICAS_ANNOTATION]).toBe('1');
    await resumeVCluster(deps, { tenant: tenant.name, name: 'ci', actor: memberOf(tenant) });
    expect((await statefulSet()).spec?.replicas).toBe(1);
  });
});
