import { describe, expect, it } from 'vitest';
import type { V1Role, V1RoleBinding } from '@kubernetes/client-node';
import type { Tenant } from './model';
import { namespaceAccessObjects, tenantAccessRules, tenantLabelsFor } from './namespace-access';

const tenant: Tenant = {
  name: 'team-a',
  spec: { members: { users: ['alice', 'system:serviceaccount:ci:deployer'], groups: ['devs'] }, quota: { maxVClusters: 1 }, templates: [] },
};

describe('namespaceAccessObjects', () => {
  const [role, binding] = namespaceAccessObjects(tenant, 'vc-team-a--dev', 'dev') as [V1Role, V1RoleBinding];

  it('binds every member user and group to the Role, both labelled for tenant and vCluster', () => {
    expect(role).toMatchObject({ kind: 'Role', metadata: { name: 'cubby-tenant', namespace: 'vc-team-a--dev' } });
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cubby-tenant' });
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:serviceaccount:ci:deployer' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'devs' },
    ]);
    for (const object of [role, binding]) {
      expect(object.metadata?.labels).toEqual({ 'cubby.dev/tenant': 'team-a', 'cubby.dev/vcluster': 'dev', 'app.kubernetes.io/managed-by': 'cubby' });
    }
  });

  it('gives secrets only by name: the kubeconfig and the config', () => {
    const secretRules = role.rules!.filter((r) => r.resources?.includes('secrets'));
    expect(secretRules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['vc-dev', 'vc-config-dev'], verbs: ['get'] }]);
  });

  it('writes nothing a Kubernetes API serves: every verb but reads is on vclusters.cubby.dev, by name', () => {
    const reads = ['get', 'list', 'watch'];
    for (const rule of role.rules!) {
      const writes = rule.verbs.filter((v) => !reads.includes(v));
      if (writes.length > 0) {
        expect(rule).toEqual({ apiGroups: ['cubby.dev'], resources: ['vclusters'], resourceNames: ['dev'], verbs: ['update', 'pause', 'resume', 'delete'] });
      }
      expect(rule.verbs).not.toContain('create');
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.resources).not.toContain('roles');
      expect(rule.resources).not.toContain('rolebindings');
    }
    const verbsOn = (group: string, resource: string) =>
      role.rules!.filter((r) => r.apiGroups?.includes(group) && r.resources?.includes(resource)).flatMap((r) => r.verbs);
    // Nothing that changes a pod spec, directly or through a controller.
    for (const resource of ['statefulsets', 'deployments']) expect(new Set(verbsOn('apps', resource))).toEqual(new Set(reads));
    expect(new Set(verbsOn('', 'pods'))).toEqual(new Set(reads));
    for (const sub of ['statefulsets/scale', 'deployments/scale']) expect(verbsOn('apps', sub)).toEqual([]);
    for (const sub of ['pods/exec', 'pods/attach', 'pods/ephemeralcontainers', 'pods/portforward']) expect(verbsOn('', sub)).toEqual([]);
  });

  it('scopes the rules to the vCluster named', () => {
    const rules = JSON.stringify(tenantAccessRules('web'));
    expect(rules).toContain('vc-config-web');
    expect(rules).toContain('"resourceNames":["web"]');
    expect(rules).not.toContain('"dev"');
    expect(rules).not.toContain('vc-dev');
  });

  it('renders an empty member list as a binding without subjects', () => {
    const [, empty] = namespaceAccessObjects({ ...tenant, spec: { ...tenant.spec, members: { users: [], groups: [] } } }, 'ns', 'dev') as [V1Role, V1RoleBinding];
    expect(empty.subjects).toEqual([]);
  });
});

describe('tenantLabelsFor', () => {
  it('takes a tenant or its name', () => {
    expect(tenantLabelsFor('team-b', 'web')).toEqual(tenantLabelsFor({ ...tenant, name: 'team-b' }, 'web'));
    expect(tenantLabelsFor('team-b', 'web')['cubby.dev/tenant']).toBe('team-b');
  });
});
