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

  it('writes only to the control plane workload, by name, and never creates anything', () => {
    for (const rule of role.rules!) {
      const writes = rule.verbs.filter((v) => !['get', 'list', 'watch'].includes(v));
      if (writes.length > 0) {
        expect(rule.resourceNames).toEqual(['dev']);
        expect(rule.apiGroups).toEqual(['apps']);
      }
      expect(rule.verbs).not.toContain('create');
      expect(rule.verbs).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.resources).not.toContain('roles');
      expect(rule.resources).not.toContain('rolebindings');
    }
    const verbsOn = (resource: string) => role.rules!.filter((r) => r.resources?.includes(resource)).flatMap((r) => r.verbs);
    expect(new Set(verbsOn('statefulsets/scale'))).toEqual(new Set(['get', 'patch', 'update']));
    expect(verbsOn('statefulsets')).toContain('delete');
    expect(new Set(verbsOn('pods'))).toEqual(new Set(['get', 'list', 'watch']));
  });

  it('scopes the rules to the vCluster named', () => {
    expect(JSON.stringify(tenantAccessRules('web'))).toContain('vc-config-web');
    expect(JSON.stringify(tenantAccessRules('web'))).not.toContain('dev');
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
