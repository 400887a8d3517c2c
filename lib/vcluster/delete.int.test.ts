import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { deleteVCluster, vClusterLeftovers } from './delete';
import { createVCluster } from './provision';
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

const PersistentVolume = { apiVersion: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false };

describe('deleteVCluster against the sandbox', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const other = testTenant();
  const template = testTemplate('standard', ['nodeSync.enabled']);
  const namespace = `vc-${tenant.name}--gone`;
  const clusterName = `vc-gone-v-${namespace}`;

  beforeAll(async () => {
    // Node sync brings cluster-scoped RBAC: the part of a vCluster outside its namespace.
    await createVCluster(deps, { tenant, template, name: 'gone', options: { nodeSync: { enabled: true } }, requestedBy: 'alice', actor: 'service-account' });
    await waitForRunningControlPlane(client, namespace, 'gone');
    await waitFor('the data PVC to be bound', async () => {
      const pvc = await client.find<V1PersistentVolumeClaim>(ResourceTypes.PersistentVolumeClaim, 'data-gone-0', namespace);
      return pvc?.status?.phase === 'Bound';
    });
  });

  afterAll(async () => {
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it("a member of another tenant cannot delete it, and learns nothing", async () => {
    const error = await rejection(deleteVCluster(deps, { tenant: tenant.name, name: 'gone', actor: memberOf(other) }));
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(await client.find(ResourceTypes.Namespace, namespace)).toBeDefined();
    expect(await client.find(ResourceTypes.StatefulSet, 'gone', namespace)).toBeDefined();
    expect(await client.find(ResourceTypes.ClusterRole, clusterName)).toBeDefined();
  });

  it('a member deletes it and nothing is left: namespace, claims, volumes, cluster-scoped RBAC', async () => {
    const pvs = await client.list<KubernetesObject & { spec?: { claimRef?: { namespace?: string } } }>(PersistentVolume);
    expect(pvs.items.some((pv) => pv.spec?.claimRef?.namespace === namespace)).toBe(true);

    const result = await deleteVCluster(deps, { tenant: tenant.name, name: 'gone', actor: groupMemberOf(tenant) });
    expect(result.remaining).toEqual([]);
    expect(result.clusterObjects.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([`ClusterRole/${clusterName}`, `ClusterRoleBinding/${clusterName}`]);

    expect(await client.find(ResourceTypes.Namespace, namespace)).toBeUndefined();
    const after = await client.list<KubernetesObject & { spec?: { claimRef?: { namespace?: string } } }>(PersistentVolume);
    expect(after.items.filter((pv) => pv.spec?.claimRef?.namespace === namespace)).toEqual([]);
    for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
      const labelled = await client.list<KubernetesObject>(type, { labelSelector: `cubby.dev/tenant=${tenant.name},cubby.dev/vcluster=gone` });
      expect(labelled.items).toEqual([]);
    }
    expect(await vClusterLeftovers(client, result.ref)).toEqual([]);
  });

  it('deleting it again is a 404', async () => {
    expect(await rejection(deleteVCluster(deps, { tenant: tenant.name, name: 'gone', actor: memberOf(tenant) }))).toMatchObject({ status: 404 });
    expect(await rejection(deleteVCluster(deps, { tenant: tenant.name, name: 'gone', actor: 'service-account' }))).toMatchObject({ status: 404 });
  });
});
