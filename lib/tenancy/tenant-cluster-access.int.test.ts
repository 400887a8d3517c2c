// The per-tenant grant to create vClusters, from the attacker's side: the API server answers
// Cubby's SubjectAccessReview for members of the tenant only, for that tenant only, follows the
// member list, and goes with the tenant. Creation as a non-member is refused before anything is
// written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1ClusterRole } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { reviewAccess } from '@/lib/kube/access-review';
import { KubeClient } from '@/lib/kube/client';
import type { Identity } from '@/lib/kube/identity';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { createVCluster } from '@/lib/vcluster/provision';
import { hostSnapshot, rejection, sandboxDeps, testTemplate } from '@/lib/vcluster/lifecycle.testing';
import { createAccessAttributes } from '@/lib/vcluster/tenant-authorization';
import { ensureCubbyCrds } from './crds';
import { createTemplate, deleteTemplate } from './template-store';
import { tenantClusterAccessName } from './tenant-cluster-access';
import { createTenant, deleteTenant, updateTenant } from './tenant-store';

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the per-tenant create grant, enforced by the API server', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const systemNamespace = uniqueName('cubby-sys');
  const template = uniqueName('tpl');
  const id = systemNamespace.slice(-4);
  const tenantName = uniqueName('tca').slice(0, 18);
  const otherName = uniqueName('tcb').slice(0, 18);
  const alice: Identity = { user: `alice-${id}`, groups: [] };
  const byGroup: Identity = { user: `carol-${id}`, groups: [`devs-${id}`] };
  const bob: Identity = { user: `bob-${id}`, groups: [`other-${id}`] };
  const anonymous: Identity = { user: 'system:anonymous', groups: ['system:unauthenticated'] };
  const spec = (users: string[], groups: string[]) => ({ members: { users, groups }, quota: { maxVClusters: 2 }, templates: [template] });
  const mayCreate = async (identity: Identity, tenant: string) => (await reviewAccess(admin, identity, createAccessAttributes(tenant))).allowed;
  let resourceVersion: string | undefined;

  beforeAll(async () => {
    await ensureCubbyCrds(admin, { namespace: systemNamespace });
    await createTemplate(admin, { name: template, spec: { baseValues: {}, allowedOptions: [] } });
    resourceVersion = (await createTenant(admin, { name: tenantName, spec: spec([alice.user], [byGroup.groups[0]!]) })).resourceVersion;
    await createTenant(admin, { name: otherName, spec: spec([bob.user], [bob.groups[0]!]) });
  });

  afterAll(async () => {
    for (const n of [tenantName, otherName]) await deleteTenant(admin, n).catch(() => undefined);
    await deleteTemplate(admin, template).catch(() => undefined);
    await admin.delete(ResourceTypes.Namespace, systemNamespace);
    admin.close();
  });

  it('lets members, by user or by group, create vClusters for their tenant and for no other', async () => {
    await until('the grant to reach the authorizer', () => mayCreate(alice, tenantName));
    expect(await mayCreate(byGroup, tenantName)).toBe(true);
    expect(await mayCreate(alice, otherName)).toBe(false);
    expect(await mayCreate(byGroup, otherName)).toBe(false);
  });

  it.each([
    ["another tenant's member", bob],
    ['an anonymous caller', anonymous],
    ['a stranger', { user: `mallory-${id}`, groups: [] }],
  ])('gives %s no create grant for the tenant', async (_, identity) => {
    await until("the other tenant's grant to reach the authorizer", () => mayCreate(bob, otherName));
    expect(await mayCreate(identity, tenantName)).toBe(false);
  });

  it("refuses a creation as another tenant's member with 403 before anything is written", async () => {
    const before = await hostSnapshot(admin, tenantName);
    const tenant = { name: tenantName, spec: { members: { users: [alice.user], groups: [] }, quota: { maxVClusters: 2 }, templates: [template] } };
    const error = await rejection(
      createVCluster(sandboxDeps(), { tenant, template: testTemplate(template, []), name: 'sneaky', requestedBy: bob.user, actor: bob }),
    );
    expect(error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await hostSnapshot(admin, tenantName)).toEqual(before);
  });

  it('is owned by the Tenant, labelled for it, and only grants create on tenants/vclusters', async () => {
    const tenant = await admin.get<KubernetesObject & { metadata: { uid: string } }>({ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', plural: 'tenants', namespaced: false }, tenantName);
    for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
      const object = await admin.get<KubernetesObject>(type, tenantClusterAccessName(tenantName));
      expect(object.metadata?.ownerReferences).toEqual([{ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', name: tenantName, uid: tenant.metadata.uid }]);
      expect(object.metadata?.labels?.['cubby.dev/tenant']).toBe(tenantName);
    }
    const role = await admin.get<V1ClusterRole>(ResourceTypes.ClusterRole, tenantClusterAccessName(tenantName));
    expect(role.rules).toEqual([{ apiGroups: ['cubby.dev'], resources: ['tenants/vclusters'], resourceNames: [tenantName], verbs: ['create'] }]);
  });

  it('follows the member list: a removed member loses the grant', async () => {
    const updated = await updateTenant(admin, tenantName, { spec: spec([], [byGroup.groups[0]!]), resourceVersion });
    resourceVersion = updated.resourceVersion;
    await until('the removed member to lose the grant', async () => !(await mayCreate(alice, tenantName)));
    expect(await mayCreate(byGroup, tenantName)).toBe(true);
  });

  it('goes with the tenant: deleting it lets the garbage collector remove the grant', async () => {
    await deleteTenant(admin, tenantName);
    await until('the grant to be collected', async () => {
      const role = await admin.find(ResourceTypes.ClusterRole, tenantClusterAccessName(tenantName));
      const binding = await admin.find(ResourceTypes.ClusterRoleBinding, tenantClusterAccessName(tenantName));
      return !role && !binding;
    }, 60_000);
    expect(await mayCreate(byGroup, tenantName)).toBe(false);
  });
});
