// Issue #8, cluster-scoped names, through the HTTP API: two tenants whose names share a
// 16-character prefix, a 38-character vCluster name, node sync on. The chart gives both the same
// ClusterRole and ClusterRoleBinding; the second tenant must get a 409 naming them, turning node
// sync on later must be refused the same way, and deleting the second must leave the first's
// objects. Run through `npm test` (it sets CUBBY_TEST_BASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1ClusterRoleBinding, V1Namespace } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { chartClusterRoleName } from '@/lib/vcluster/cluster-scoped-names';
import { sandboxKubeConfig } from '@/sandbox/testing';
import { ApiCaller, until } from './api-client.testing';

const host = new KubeClient(sandboxKubeConfig());
const Tenant = { apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', plural: 'tenants', namespaced: false };

describe('cluster-scoped names through the HTTP API', () => {
  let alice: ApiCaller;
  let admin: ApiCaller;
  const prefix = `c${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}`.padEnd(16, 'p').slice(0, 16);
  const first = `${prefix}aa`;
  const second = `${prefix}bb`;
  const name = `shared-${'z'.repeat(31)}`;
  const firstNs = `vc-${first}--${name}`;
  const secondNs = `vc-${second}--${name}`;
  const shared = chartClusterRoleName(name, firstNs);
  const nodeSync = { nodeSync: { enabled: true } };

  const ownerOf = async (type: typeof ResourceTypes.ClusterRole | typeof ResourceTypes.ClusterRoleBinding) =>
    (await host.find<KubernetesObject>(type, shared))?.metadata?.labels?.['cubby.dev/tenant'];
  const expectFirstKeepsItsRights = async () => {
    expect(await ownerOf(ResourceTypes.ClusterRole)).toBe(first);
    expect(await ownerOf(ResourceTypes.ClusterRoleBinding)).toBe(first);
    const binding = await host.get<V1ClusterRoleBinding>(ResourceTypes.ClusterRoleBinding, shared);
    expect(binding.subjects?.map((s) => s.namespace)).toEqual([firstNs]);
  };

  beforeAll(async () => {
    expect(chartClusterRoleName(name, secondNs)).toBe(shared);
    [alice, admin] = await Promise.all([ApiCaller.signIn('alice'), ApiCaller.signIn('admin')]);
    for (const tenant of [first, second]) {
      const made = await admin.call('POST', '/api/tenants', {
        name: tenant,
        spec: { members: { users: ['alice'], groups: [] }, quota: { maxVClusters: 2 }, templates: ['standard'] },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const created = await alice.call('POST', '/api/vclusters', { tenant: first, name, template: 'standard', options: nodeSync });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await expectFirstKeepsItsRights();
  });

  afterAll(async () => {
    for (const tenant of [first, second]) {
      const namespaces = await host.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: `cubby.dev/tenant=${tenant}` });
      for (const ns of namespaces.items) await host.delete(ResourceTypes.Namespace, ns.metadata!.name!);
      for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
        const labelled = await host.list<KubernetesObject>(type, { labelSelector: `cubby.dev/tenant=${tenant}` });
        for (const object of labelled.items) await host.delete(type, object.metadata!.name!);
      }
      await host.delete(Tenant, tenant);
    }
    host.close();
  });

  it("answers the second tenant's creation with node sync on with 409 naming the ClusterRole, and writes nothing", async () => {
    const answer = await alice.call<{ error: { code: string; message: string; details?: { kind?: string; object?: string } } }>('POST', '/api/vclusters', {
      tenant: second,
      name,
      template: 'standard',
      options: nodeSync,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    expect(answer.body.error.code).toBe('already_exists');
    expect(answer.body.error.message).toContain(`ClusterRole '${shared}'`);
    expect(answer.body.error.details).toMatchObject({ kind: 'ClusterRole', object: shared });
    expect(await host.find(ResourceTypes.Namespace, secondNs)).toBeUndefined();
    await expectFirstKeepsItsRights();
  });

  it('refuses turning node sync on for a second vCluster of that name the same way', async () => {
    const created = await alice.call('POST', '/api/vclusters', { tenant: second, name, template: 'standard' });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const view = await alice.call<{ optionsVersion: string }>('GET', `/api/vclusters/${second}/${name}`);
    const answer = await alice.call<{ error: { code: string; message: string } }>('PATCH', `/api/vclusters/${second}/${name}`, {
      options: nodeSync,
      expectedVersion: view.body.optionsVersion,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    expect(answer.body.error.message).toContain(`ClusterRole '${shared}'`);
    const after = await alice.call<{ optionsVersion: string }>('GET', `/api/vclusters/${second}/${name}`);
    expect(after.body.optionsVersion).toBe(view.body.optionsVersion);
    await expectFirstKeepsItsRights();
  });

  it("deleting the second vCluster leaves the first one's cluster-scoped objects", async () => {
    const answer = await alice.call('DELETE', `/api/vclusters/${second}/${name}`);
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    await until('the second namespace to go', async () => (await host.find(ResourceTypes.Namespace, secondNs)) === undefined, (gone) => gone, 120_000);
    await expectFirstKeepsItsRights();
  });

  it('deleting the first removes its own', async () => {
    const answer = await alice.call('DELETE', `/api/vclusters/${first}/${name}`);
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    await until('the ClusterRole to go', async () => (await ownerOf(ResourceTypes.ClusterRole)) === undefined, (gone) => gone, 60_000);
    expect(await host.find(ResourceTypes.ClusterRoleBinding, shared)).toBeUndefined();
  });
});
