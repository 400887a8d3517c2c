// The chart cuts `vc-NAME-v-NAMESPACE` to 63 characters, so two tenants whose names share a
// 16-character prefix, with a 38-character vCluster name and node sync on, are given the same
// ClusterRole and ClusterRoleBinding. Tried from the second tenant's side: creating, turning node
// sync on later, racing, and deleting must never take over or remove the first one's objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1ClusterRoleBinding, V1Namespace } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { applyTenantClusterAccess } from '@/lib/tenancy/tenant-access-sync';
import { changeVClusterOptions } from './change-options';
import { chartClusterRoleName } from './cluster-scoped-names';
import { clusterObjectBelongsTo, deleteClusterObjectIfOwned } from './cluster-scoped-owner';
import { deleteVCluster } from './delete';
import { ANNOTATION_OBJECTS, optionsVersion } from './host-metadata';
import { hostSnapshot, memberOf, rejection, removeTenantNamespaces, sandboxDeps, testTemplate, testTenant } from './lifecycle.testing';
import { createVCluster } from './provision';
import { hostNamespaceName } from './vcluster-name';

/** 16 characters, unique per run, so that tenants `PREFIXaa` and `PREFIXbb` (18) clash. */
function sharedPrefix(): string {
  const unique = `c${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}`;
  return unique.padEnd(16, 'p').slice(0, 16);
}

const nodeSync = { nodeSync: { enabled: true } };

describe('cluster-scoped names the chart cuts, against the sandbox', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const prefix = sharedPrefix();
  const first = testTenant({ name: `${prefix}aa` });
  const second = testTenant({ name: `${prefix}bb` });
  const template = testTemplate('standard', ['nodeSync.enabled']);
  const name = `clash-${'x'.repeat(32)}`;
  const firstNs = hostNamespaceName(first.name, name);
  const secondNs = hostNamespaceName(second.name, name);
  const shared = chartClusterRoleName(name, firstNs);

  const owner = async (type: typeof ResourceTypes.ClusterRole | typeof ResourceTypes.ClusterRoleBinding) => {
    const object = await client.get<KubernetesObject>(type, shared);
    return object.metadata?.labels?.['cubby.dev/tenant'];
  };
  const expectFirstKeepsItsRights = async () => {
    expect(await owner(ResourceTypes.ClusterRole)).toBe(first.name);
    expect(await owner(ResourceTypes.ClusterRoleBinding)).toBe(first.name);
    const binding = await client.get<V1ClusterRoleBinding>(ResourceTypes.ClusterRoleBinding, shared);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: `vc-${name}`, namespace: firstNs }]);
  };

  beforeAll(async () => {
    expect(name).toHaveLength(38);
    expect(chartClusterRoleName(name, secondNs)).toBe(shared);
    for (const tenant of [first, second]) await applyTenantClusterAccess(client, tenant);
    await createVCluster(deps, { tenant: first, template, name, options: nodeSync, requestedBy: 'first', actor: memberOf(first) });
    await expectFirstKeepsItsRights();
  });

  afterAll(async () => {
    for (const tenant of [first, second]) await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it("refuses the second tenant's creation with node sync on with 409 naming the ClusterRole, before anything is written", async () => {
    const before = await hostSnapshot(client, first.name, second.name);
    const error = await rejection(createVCluster(deps, { tenant: second, template, name, options: nodeSync, requestedBy: 'second', actor: memberOf(second) }));
    expect(error).toMatchObject({ status: 409, code: 'already_exists', details: { kind: 'ClusterRole', object: shared } });
    expect(error.message).toContain(`ClusterRole '${shared}'`);
    // The refusal names the object only; it does not say whose it is.
    expect(error.message).not.toContain(first.name);
    expect(await hostSnapshot(client, first.name, second.name)).toEqual(before);
    await expectFirstKeepsItsRights();
  });

  it('refuses turning node sync on later the same way, and the vCluster keeps its options', async () => {
    await createVCluster(deps, { tenant: second, template, name, requestedBy: 'second', actor: memberOf(second) });
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, secondNs);
    const error = await rejection(
      changeVClusterOptions(deps, { tenant: second, name, template, options: nodeSync, expectedVersion: optionsVersion(ns), actor: memberOf(second) }),
    );
    expect(error).toMatchObject({ status: 409, code: 'already_exists', details: { kind: 'ClusterRole', object: shared } });
    const after = await client.get<V1Namespace>(ResourceTypes.Namespace, secondNs);
    expect(optionsVersion(after)).toBe(optionsVersion(ns));
    expect(after.metadata?.annotations?.[ANNOTATION_OBJECTS]).toBe(ns.metadata?.annotations?.[ANNOTATION_OBJECTS]);
    await expectFirstKeepsItsRights();
  });

  it("deleting the second removes only its own objects, even when its record names the first one's", async () => {
    // A record written before this check existed (or by a creation that lost a race) may list the
    // shared names; they are the first vCluster's now and must stay.
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, secondNs);
    const recorded = JSON.parse(ns.metadata!.annotations![ANNOTATION_OBJECTS]!) as unknown[];
    const claimed = [...recorded, ...['ClusterRole', 'ClusterRoleBinding'].map((kind) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, name: shared }))];
    await client.patch(ResourceTypes.Namespace, secondNs, undefined, { metadata: { annotations: { [ANNOTATION_OBJECTS]: JSON.stringify(claimed) } } });

    const result = await deleteVCluster(deps, { tenant: second.name, name, actor: memberOf(second) });
    expect(result.clusterObjects).toEqual([]);
    expect(result.keptForOthers.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([`ClusterRole/${shared}`, `ClusterRoleBinding/${shared}`]);
    expect(result.remaining).toEqual([]);
    await expectFirstKeepsItsRights();
  });

  it('lets exactly one of two racing creations have a cut name; cleaning up the other leaves the winner whole', async () => {
    const racePrefix = sharedPrefix();
    const left = testTenant({ name: `${racePrefix}aa` });
    const right = testTenant({ name: `${racePrefix}bb` });
    const raceName = `race-${'y'.repeat(33)}`;
    const raceShared = chartClusterRoleName(raceName, hostNamespaceName(left.name, raceName));
    try {
      const results = await Promise.allSettled(
        [left, right].map((tenant) => createVCluster(deps, { tenant, template, name: raceName, options: nodeSync, requestedBy: 'racer', actor: 'service-account' })),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [[left, right][i]!] : []));
      expect(won).toHaveLength(1);
      const loser = won[0] === left ? right : left;
      const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(lost.reason).toMatchObject({ status: 409, code: 'already_exists' });

      for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
        const object = await client.get<KubernetesObject>(type, raceShared);
        expect(object.metadata?.labels?.['cubby.dev/tenant']).toBe(won[0]!.name);
      }
      // The loser may have written its namespace before it lost: deleting it is the cleanup.
      if (await client.find(ResourceTypes.Namespace, hostNamespaceName(loser.name, raceName))) {
        await deleteVCluster(deps, { tenant: loser.name, name: raceName, actor: 'service-account' });
      }
      for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
        const object = await client.get<KubernetesObject>(type, raceShared);
        expect(object.metadata?.labels?.['cubby.dev/tenant']).toBe(won[0]!.name);
      }
    } finally {
      for (const tenant of [left, right]) await removeTenantNamespaces(client, tenant.name);
    }
  });

  it("deleting the first removes its ClusterRole and ClusterRoleBinding", async () => {
    const result = await deleteVCluster(deps, { tenant: first.name, name, actor: memberOf(first) });
    expect(result.clusterObjects.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([`ClusterRole/${shared}`, `ClusterRoleBinding/${shared}`]);
    expect(await client.find(ResourceTypes.ClusterRole, shared)).toBeUndefined();
    expect(await client.find(ResourceTypes.ClusterRoleBinding, shared)).toBeUndefined();
  });

  it("tells a helm-made vCluster's chart objects apart by the namespace their binding names, not by the release label", async () => {
    // What `helm install` of the chart leaves: chart labels only, no Cubby labels.
    const chartName = `vc-helm-${sharedPrefix()}`;
    const labels = { app: 'vcluster', release: 'web', heritage: 'Helm' };
    const theirs = { tenant: first.name, name: 'web', namespace: `helm-a-${prefix}` };
    const mine = { tenant: second.name, name: 'web', namespace: `helm-b-${prefix}` };
    await client.create(ResourceTypes.ClusterRole, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: chartName, labels }, rules: [] } as KubernetesObject);
    await client.create(ResourceTypes.ClusterRoleBinding, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: chartName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: chartName },
      subjects: [{ kind: 'ServiceAccount', name: 'vc-web', namespace: theirs.namespace }],
    } as KubernetesObject);
    try {
      for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
        const object = { ...(await client.get<KubernetesObject>(type, chartName)), kind: type.kind };
        expect(await clusterObjectBelongsTo(client, object, theirs)).toBe(true);
        expect(await clusterObjectBelongsTo(client, object, mine)).toBe(false);
        expect(await deleteClusterObjectIfOwned(client, type, chartName, mine)).toBe(false);
        expect(await client.find(type, chartName)).toBeDefined();
      }
      expect(await deleteClusterObjectIfOwned(client, ResourceTypes.ClusterRole, chartName, theirs)).toBe(true);
      expect(await client.find(ResourceTypes.ClusterRole, chartName)).toBeUndefined();
    } finally {
      for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) await client.delete(type, chartName);
    }
  });
});
