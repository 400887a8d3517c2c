import 'server-only';
// Keeps the RBAC of a tenant in step with its member list: the per-tenant grant to create
// vClusters (tenant-cluster-access.ts) and the Role of each vCluster namespace. Tenant creation
// applies the first; provisioning applies the Role once per new vCluster; a tenant update
// re-applies both everywhere, because a member removed from the tenant must lose access to
// vClusters that already exist and the right to create more.
import type { KubeClient } from '@/lib/kube/client';
import { CubbyResourceTypes } from './crds';
import { applyNamespaceGuards } from './apply-namespace-guards';
import type { Tenant } from './model';
import { namespaceAccessObjects } from './namespace-access';
import { tenantClusterAccessName, tenantClusterAccessObjects } from './tenant-cluster-access';
import { listTenantNamespaces } from './tenant-namespaces';

/**
 * Applies the tenant's ClusterRole and ClusterRoleBinding for creating vClusters. The Tenant
 * object, when it exists, becomes their owner, so they go when the tenant goes.
 */
export async function applyTenantClusterAccess(client: KubeClient, tenant: Tenant): Promise<void> {
  const object = await client.find<{ metadata?: { uid?: string } }>(CubbyResourceTypes.Tenant, tenant.name);
  for (const access of tenantClusterAccessObjects(tenant, object?.metadata?.uid)) await client.apply(access);
}

export async function applyNamespaceAccess(client: KubeClient, tenant: Tenant, namespace: string, vclusterName: string): Promise<void> {
  for (const object of namespaceAccessObjects(tenant, namespace, vclusterName)) await client.apply(object);
}

export interface AccessRefreshResult {
  updated: string[];
  failed: { namespace: string; error: string }[];
}

/**
 * Re-applies the tenant's create grant, then its Role and RoleBinding in every namespace labelled
 * with it. Keeps going after a failure so one broken namespace does not leave the others stale,
 * and reports each.
 * Namespaces without a vCluster label are skipped: without the name the Role cannot be scoped.
 */
export async function refreshTenantAccess(client: KubeClient, tenant: Tenant): Promise<AccessRefreshResult> {
  const result: AccessRefreshResult = { updated: [], failed: [] };
  try {
    await applyTenantClusterAccess(client, tenant);
  } catch (error) {
    result.failed.push({ namespace: `(cluster-wide ${tenantClusterAccessName(tenant.name)})`, error: (error as Error).message });
  }
  for (const ns of await listTenantNamespaces(client, tenant.name)) {
    if (!ns.vcluster || ns.terminating) continue;
    try {
      await applyNamespaceAccess(client, tenant, ns.namespace, ns.vcluster);
      // The tenant's ingress host patterns live on each namespace, for the host's admission policy.
      await applyNamespaceGuards(client, tenant, ns.namespace, ns.vcluster);
      result.updated.push(ns.namespace);
    } catch (error) {
      result.failed.push({ namespace: ns.namespace, error: (error as Error).message });
    }
  }
  return result;
}
