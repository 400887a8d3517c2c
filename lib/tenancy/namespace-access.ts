// The RBAC Cubby puts into each vCluster's host namespace for the tenant's members. It gives
// their host identity reads only, and a grant on a resource no API server serves, which exists
// to be asked about:
//   - read the objects a vCluster's page shows (pods, services, endpoints, events, claims, the
//     control plane's StatefulSet or Deployment). Reading a pod spec changes nothing;
//   - read only two Secrets: `vc-NAME` (the kubeconfig, for the download) and `vc-config-NAME`
//     (the rendered values, to tell whether a config change is live). Other Secrets in the
//     namespace are synced from inside the vCluster and are not Cubby's to hand out;
//   - `update`, `pause`, `resume` and `delete` on `vclusters.cubby.dev` named after the vCluster.
//     No CRD serves that resource, so the grant opens no API; Cubby asks the API server with a
//     SubjectAccessReview whether the user holds it (tenant-authorization.ts) and then writes
//     with its own identity. The host's RBAC still decides, for the real user.
// Nothing here can change a pod spec: no write on workloads, pods, their subresources (exec,
// attach, ephemeral containers), RBAC or the namespace. A tenant's host identity cannot make the
// control plane privileged, start a pod, or widen its own rights. Every object in the namespace
// is created by the vCluster's syncer or by Cubby's own identity.
import type { KubernetesObject, V1PolicyRule, V1Role, V1RoleBinding, RbacV1Subject } from '@kubernetes/client-node';
import { CUBBY_API_GROUP, LABEL_MANAGED_BY, LABEL_TENANT, LABEL_VCLUSTER, MANAGED_BY_CUBBY, type Tenant } from './model';

export const TENANT_ACCESS_NAME = 'cubby-tenant';

/** The resource a tenant's actions on one vCluster are authorised on (never served). */
export const VCLUSTER_RESOURCE = { group: CUBBY_API_GROUP, resource: 'vclusters' } as const;
/** What a member may do to their vCluster, one RBAC verb each, so an admin can bind fewer. */
export const VCLUSTER_VERBS = ['update', 'pause', 'resume', 'delete'] as const;
export type VClusterVerb = (typeof VCLUSTER_VERBS)[number];

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
    { apiGroups: [VCLUSTER_RESOURCE.group], resources: [VCLUSTER_RESOURCE.resource], resourceNames: [vclusterName], verbs: [...VCLUSTER_VERBS] },
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
