import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1RoleBinding } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { ensureCubbyCrds } from './crds';
import { TenancyError } from './errors';
import { LABEL_TENANT, LABEL_VCLUSTER } from './model';
import { TENANT_ACCESS_NAME } from './namespace-access';
import { createTemplate, deleteTemplate } from './template-store';
import { createTenant, deleteTenant, findTenant, getTenant, listTenants, updateTenant } from './tenant-store';

const failure = (promise: Promise<unknown>): Promise<TenancyError> =>
  promise.then(
    () => {
      throw new Error('expected a TenancyError, but the call succeeded');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(TenancyError);
      return error as TenancyError;
    },
  );

describe('tenant store against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const systemNamespace = uniqueName('cubby-sys');
  const template = uniqueName('tpl');
  const tenantNames: string[] = [];
  const namespaces: string[] = [];
  const name = () => {
    const n = uniqueName('tn');
    tenantNames.push(n);
    return n;
  };
  const spec = (extra: Record<string, unknown> = {}) => ({
    members: { users: ['alice'], groups: ['team-a'] },
    quota: { maxVClusters: 2, cpu: '2', memory: '4Gi', pods: 10 },
    templates: [template],
    ...extra,
  });

  beforeAll(async () => {
    await ensureCubbyCrds(admin, { namespace: systemNamespace });
    await createTemplate(admin, { name: template, spec: { baseValues: {}, allowedOptions: ['ingressSync'] } });
  });

  afterAll(async () => {
    for (const n of tenantNames) await deleteTenant(admin, n).catch(() => undefined);
    await deleteTemplate(admin, template).catch(() => undefined);
    for (const ns of [...namespaces, systemNamespace]) await admin.delete(ResourceTypes.Namespace, ns);
    admin.close();
  });

  it('creates, reads and lists a tenant', async () => {
    const n = name();
    const created = await createTenant(admin, { name: n, spec: spec({ displayName: 'Team A' }) });
    expect(created).toMatchObject({ name: n, spec: { displayName: 'Team A', quota: { maxVClusters: 2, cpu: '2', memory: '4Gi', pods: 10 }, templates: [template] } });
    expect(created.resourceVersion).toBeTruthy();
    expect(await getTenant(admin, n)).toEqual(created);
    expect((await listTenants(admin)).map((t) => t.name)).toContain(n);
    const again = await failure(createTenant(admin, { name: n, spec: spec() }));
    expect([again.status, again.code]).toEqual([409, 'already_exists']);
  });

  it.each([
    ['an uppercase name', { name: 'Team-A', spec: spec() }, 'name', 'lowercase'],
    ["a name with '--'", { name: 'team--a', spec: spec() }, 'name', "'--'"],
    ['a name over 18 characters', { name: 'abcdefghijklmnopqrs', spec: spec() }, 'name', 'at most 18'],
    ['a bad cpu quantity', { name: 'ok-cpu', spec: spec({ quota: { maxVClusters: 1, cpu: '2 cores' } }) }, 'spec.quota.cpu', 'not a Kubernetes quantity'],
    ['a bad memory quantity', { name: 'ok-mem', spec: spec({ quota: { maxVClusters: 1, memory: '-1Gi' } }) }, 'spec.quota.memory', 'not a Kubernetes quantity'],
    ['a negative vCluster cap', { name: 'ok-neg', spec: spec({ quota: { maxVClusters: -1 } }) }, 'spec.quota.maxVClusters', '0 or more'],
    ['a fractional vCluster cap', { name: 'ok-frac', spec: spec({ quota: { maxVClusters: 1.5 } }) }, 'spec.quota.maxVClusters', 'whole number'],
    ['an unknown template', { name: 'ok-tpl', spec: spec({ templates: [template, 'no-such-template'] }) }, 'spec.templates.1', "Template 'no-such-template' does not exist"],
    ['system:authenticated as a group', { name: 'ok-grp', spec: spec({ members: { users: [], groups: ['system:authenticated'] } }) }, 'spec.members.groups.0', 'admit everyone'],
    ['an unknown field', { name: 'ok-field', spec: spec({ owner: 'bob' }) }, 'spec.owner', 'unknown field'],
  ])('refuses %s with a 400 naming the field and creates nothing', async (_, input, field, message) => {
    const before = (await listTenants(admin)).length;
    const error = await failure(createTenant(admin, input));
    expect([error.status, error.code, error.field]).toEqual([400, 'invalid_input', field]);
    expect(error.message).toContain(message);
    expect((await listTenants(admin)).length).toBe(before);
    expect(await findTenant(admin, input.name)).toBeUndefined();
  });

  it('updates with the resourceVersion read and refuses a stale one with 409', async () => {
    const n = name();
    const created = await createTenant(admin, { name: n, spec: spec() });
    const updated = await updateTenant(admin, n, { spec: spec({ quota: { maxVClusters: 5 } }), resourceVersion: created.resourceVersion });
    expect(updated.spec.quota).toEqual({ maxVClusters: 5 });
    expect(updated.resourceVersion).not.toBe(created.resourceVersion);
    const stale = await failure(updateTenant(admin, n, { spec: spec({ quota: { maxVClusters: 9 } }), resourceVersion: created.resourceVersion }));
    expect([stale.status, stale.code]).toEqual([409, 'conflict']);
    expect((await getTenant(admin, n)).spec.quota.maxVClusters).toBe(5);

    const missingVersion = await failure(updateTenant(admin, n, { spec: spec() }));
    expect([missingVersion.status, missingVersion.field]).toEqual([400, 'resourceVersion']);
    const missing = await failure(updateTenant(admin, 'no-such-tenant', { spec: spec(), resourceVersion: '1' }));
    expect(missing.status).toBe(404);
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const n = name();
    const { resourceVersion } = await createTenant(admin, { name: n, spec: spec() });
    const results = await Promise.allSettled([
      updateTenant(admin, n, { spec: spec({ displayName: 'first' }), resourceVersion }),
      updateTenant(admin, n, { spec: spec({ displayName: 'second' }), resourceVersion }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ status: 409, code: 'conflict' });
    const winner = (won[0] as PromiseFulfilledResult<{ spec: { displayName?: string } }>).value.spec.displayName;
    expect((await getTenant(admin, n)).spec.displayName).toBe(winner);
  });

  it('re-applies member access in the tenant namespaces when members change', async () => {
    const n = name();
    const created = await createTenant(admin, { name: n, spec: spec() });
    const ns = uniqueName('vc-access');
    namespaces.push(ns);
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { [LABEL_TENANT]: n, [LABEL_VCLUSTER]: 'dev' } } });
    // A user name of this test's own: the sandbox's single sign-on users must not gain tenants here.
    const member = `member-${n}`;
    await updateTenant(admin, n, { spec: spec({ members: { users: [member], groups: [] } }), resourceVersion: created.resourceVersion });
    const binding = await admin.get<V1RoleBinding>(ResourceTypes.RoleBinding, TENANT_ACCESS_NAME, ns);
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: member }]);
  });

  it('refuses to delete a tenant that still has vClusters, and deletes it once it has none', async () => {
    const n = name();
    const created = await createTenant(admin, { name: n, spec: spec() });
    const ns = uniqueName('vc-in-use');
    namespaces.push(ns);
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { [LABEL_TENANT]: n, [LABEL_VCLUSTER]: 'web' } } });
    const inUse = await failure(deleteTenant(admin, n));
    expect([inUse.status, inUse.code]).toEqual([409, 'in_use']);
    expect(inUse.message).toContain('web');
    expect(await findTenant(admin, n)).toBeDefined();

    await admin.patch(ResourceTypes.Namespace, ns, undefined, { metadata: { labels: { [LABEL_TENANT]: null } } });
    const stale = await failure(deleteTenant(admin, n, { resourceVersion: '1' }));
    expect(stale.status).toBe(409);
    await deleteTenant(admin, n, { resourceVersion: created.resourceVersion });
    expect(await findTenant(admin, n)).toBeUndefined();
    expect((await failure(deleteTenant(admin, n))).status).toBe(404);
  });
});
