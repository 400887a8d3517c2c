import 'server-only';
// Keeps the RBAC of a tenant's namespaces in step with its member list. Provisioning applies it
// once per new vCluster; a tenant update re-applies it everywhere, because a member removed from
// the tenant must lose access to vClusters that already exist.
import type { KubeClient } from '@/lib/kube/client';
import { applyNamespaceGuards } from './apply-namespace-guards';
import type { Tenant } from './model';
import { namespaceAccessObjects } from './namespace-access';
import { listTenantNamespaces } from './tenant-namespaces';

export async function applyNamespaceAccess(client: KubeClient, tenant: Tenant, namespace: string, vclusterName: string): Promise<void> {
  for (const object of namespaceAccessObjects(tenant, namespace, vclusterName)) await client.apply(object);
}

export interface AccessRefreshResult {
  updated: string[];
  failed: { namespace: string; error: string }[];
}

/**
 * Re-applies the tenant's Role and RoleBinding in every namespace labelled with it. Keeps going
 * after a failure so one broken namespace does not leave the others stale, and reports each.
 * Namespaces without a vCluster label are skipped: without the name the Role cannot be scoped.
 */
export async function refreshTenantAccess(client: KubeClient, tenant: Tenant): Promise<AccessRefreshResult> {
  const result: AccessRefreshResult = { updated: [], failed: [] };
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
