// The one grant a tenant's members hold outside their vClusters' namespaces: creating vClusters
// for their tenant. A creation has no namespace yet to hold a Role, so it is a ClusterRole and
// ClusterRoleBinding per tenant, allowing `create` on `tenants/vclusters` of group cubby.dev with
// resourceNames [tenant]. No API serves that subresource: the grant opens nothing, it is the
// question Cubby asks the API server (a SubjectAccessReview) before creating a vCluster with its
// own identity. Kept in step with the member list by tenant-access-sync.ts; owned by the Tenant
// object, so deleting the tenant lets the garbage collector remove both.
import type { KubernetesObject, V1ClusterRole, V1ClusterRoleBinding, V1OwnerReference } from '@kubernetes/client-node';
import { CUBBY_API_GROUP, CUBBY_API_VERSION, LABEL_MANAGED_BY, LABEL_TENANT, MANAGED_BY_CUBBY, type Tenant } from './model';
import { tenantSubjects } from './namespace-access';

/** What a creation for a tenant is authorised on: `create` on `tenants/vclusters`, named after the tenant. */
export const TENANT_VCLUSTERS_RESOURCE = { group: CUBBY_API_GROUP, resource: 'tenants', subresource: 'vclusters' } as const;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `cubby-tenant:NAME`: tenant names are DNS labels, so the colon keeps the name apart from any other. */
export function tenantClusterAccessName(tenant: string): string {
  return `cubby-tenant:${tenant}`;
}

/** ClusterRole and ClusterRoleBinding for creating the tenant's vClusters; `uid` makes the Tenant their owner. */
export function tenantClusterAccessObjects(tenant: Tenant, uid?: string): KubernetesObject[] {
  const name = tenantClusterAccessName(tenant.name);
  const ownerReferences: V1OwnerReference[] | undefined = uid
    ? [{ apiVersion: CUBBY_API_VERSION, kind: 'Tenant', name: tenant.name, uid }]
    : undefined;
  const metadata = () => ({
    name,
    labels: { [LABEL_TENANT]: tenant.name, [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY },
    ...(ownerReferences ? { ownerReferences } : {}),
  });
  const role: V1ClusterRole = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: metadata(),
    rules: [
      {
        apiGroups: [TENANT_VCLUSTERS_RESOURCE.group],
        resources: [`${TENANT_VCLUSTERS_RESOURCE.resource}/${TENANT_VCLUSTERS_RESOURCE.subresource}`],
        resourceNames: [tenant.name],
        verbs: ['create'],
      },
    ],
  };
  const binding: V1ClusterRoleBinding = {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: metadata(),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: tenantSubjects(tenant),
  };
  return [role, binding];
}
