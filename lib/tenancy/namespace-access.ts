// The RBAC Cubby puts into each vCluster's host namespace so that what it does on a member's
// behalf (impersonating them) is allowed by the API server itself, and what a member of another
// tenant asks for is refused there too, whatever Cubby's own checks say.
//
// The Role is exactly Cubby's impersonated calls, nothing a member could use to reach further:
//   - read the objects a vCluster's page shows (pods, services, endpoints, events, claims, the
//     control plane's StatefulSet or Deployment);
//   - read only two Secrets: `vc-NAME` (the kubeconfig, for the download) and `vc-config-NAME`
//     (the rendered values, to tell whether a config change is live). Other Secrets in the
//     namespace are synced from inside the vCluster and are not Cubby's to hand out;
//   - get/patch/update the control plane workload and its scale subresource, by name: pause,
//     resume and option changes are first made as an impersonated patch, so the API server
//     authorises them before Cubby's service account re-renders anything;
//   - delete the control plane workload, by name: deleting a vCluster is authorised that way
//     before Cubby's service account removes the namespace.
// Deployments appear beside StatefulSets because the chart renders the control plane as a
// Deployment when persistence is off.
// Nothing is granted on the namespace itself, on RBAC, or on creating objects: a member cannot
// widen their own rights, and every object in the namespace is created by the vCluster's syncer
// or by Cubby's service account.
import type { KubernetesObject, V1PolicyRule, V1Role, V1RoleBinding, RbacV1Subject } from '@kubernetes/client-node';
import { LABEL_MANAGED_BY, LABEL_TENANT, LABEL_VCLUSTER, MANAGED_BY_CUBBY, type Tenant } from './model';

export const TENANT_ACCESS_NAME = 'cubby-tenant';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];

/** Labels on every host object Cubby creates for one vCluster of one tenant. */
export function tenantLabelsFor(tenant: Tenant | string, vcluster: string): Record<string, string> {
  return {
    [LABEL_TENANT]: typeof tenant === 'string' ? tenant : tenant.name,
    [LABEL_VCLUSTER]: vcluster,
    [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY,
  };
}

/** The Role's rules for the vCluster `vclusterName`. */
export function tenantAccessRules(vclusterName: string): V1PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['pods', 'services', 'endpoints', 'events', 'persistentvolumeclaims'], verbs: READ },
    { apiGroups: ['apps'], resources: ['statefulsets', 'deployments'], verbs: READ },
    { apiGroups: [''], resources: ['secrets'], resourceNames: [`vc-${vclusterName}`, `vc-config-${vclusterName}`], verbs: ['get'] },
    {
      apiGroups: ['apps'],
      resources: ['statefulsets', 'statefulsets/scale', 'deployments', 'deployments/scale'],
      resourceNames: [vclusterName],
      verbs: ['get', 'patch', 'update'],
    },
    { apiGroups: ['apps'], resources: ['statefulsets', 'deployments'], resourceNames: [vclusterName], verbs: ['delete'] },
  ];
}

/** The binding's subjects: every member user and group of the tenant. */
export function tenantSubjects(tenant: Tenant): RbacV1Subject[] {
  return [
    ...tenant.spec.members.users.map((name) => ({ apiGroup: RBAC_GROUP, kind: 'User', name })),
    ...tenant.spec.members.groups.map((name) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name })),
  ];
}

/**
 * Role and RoleBinding `cubby-tenant` for one vCluster's namespace. Applied with server-side
 * apply, a changed member list replaces the subjects (Cubby owns the whole list), so removing a
 * member revokes their access.
 */
export function namespaceAccessObjects(tenant: Tenant, namespace: string, vclusterName: string): KubernetesObject[] {
  const metadata = { name: TENANT_ACCESS_NAME, namespace, labels: tenantLabelsFor(tenant, vclusterName) };
  const role: V1Role = { apiVersion: `${RBAC_GROUP}/v1`, kind: 'Role', metadata, rules: tenantAccessRules(vclusterName) };
  const binding: V1RoleBinding = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { ...metadata, labels: { ...metadata.labels } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: TENANT_ACCESS_NAME },
    subjects: tenantSubjects(tenant),
  };
  return [role, binding];
}
