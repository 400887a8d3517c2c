import { describe, expect, it } from 'vitest';
import type { V1ClusterRole, V1ClusterRoleBinding } from '@kubernetes/client-node';
import type { Tenant } from './model';
import { tenantClusterAccessName, tenantClusterAccessObjects } from './tenant-cluster-access';

const tenant: Tenant = { name: 'team-a', spec: { members: { users: ['alice'], groups: ['devs'] }, quota: { maxVClusters: 1 }, templates: [] } };

describe('tenantClusterAccessObjects', () => {
  it('grants only create on tenants/vclusters named after the tenant: a subresource no API serves', () => {
    const [role] = tenantClusterAccessObjects(tenant) as [V1ClusterRole];
    expect(role.metadata?.name).toBe('cubby-tenant:team-a');
    expect(role.rules).toEqual([{ apiGroups: ['cubby.dev'], resources: ['tenants/vclusters'], resourceNames: ['team-a'], verbs: ['create'] }]);
  });

  it('binds every member, labels both for the tenant, and makes the Tenant their owner when its uid is known', () => {
    const objects = tenantClusterAccessObjects(tenant, 'uid-1');
    const binding = objects[1] as V1ClusterRoleBinding;
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: tenantClusterAccessName('team-a') });
    expect(binding.subjects?.map((s) => `${s.kind}/${s.name}`)).toEqual(['User/alice', 'Group/devs']);
    for (const object of objects) {
      expect(object.metadata?.labels).toEqual({ 'cubby.dev/tenant': 'team-a', 'app.kubernetes.io/managed-by': 'cubby' });
      expect(object.metadata?.ownerReferences).toEqual([{ apiVersion: 'cubby.dev/v1alpha1', kind: 'Tenant', name: 'team-a', uid: 'uid-1' }]);
    }
    expect(tenantClusterAccessObjects(tenant)[0]!.metadata?.ownerReferences).toBeUndefined();
  });

  it('cannot collide with the chart names (vc-...) or another tenant', () => {
    expect(tenantClusterAccessName('a')).not.toBe(tenantClusterAccessName('a-b'));
    expect(tenantClusterAccessName('vc')).not.toMatch(/^vc-/);
  });
});
