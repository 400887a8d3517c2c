import 'server-only';
// A tenant's vClusters as the host knows them: one namespace each, labelled with tenant and
// vCluster by provisioning. The label, not the `vc-<tenant>--<name>` pattern, is the source of
// truth, so vClusters an admin assigned to a tenant count as well.
import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { LABEL_TENANT, LABEL_VCLUSTER } from './model';

export interface TenantNamespace {
  namespace: string;
  vcluster: string | undefined;
  terminating: boolean;
  createdAt: string | undefined;
}

export async function listTenantNamespaces(client: KubeClient, tenant: string): Promise<TenantNamespace[]> {
  const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: `${LABEL_TENANT}=${tenant}` });
  return list.items
    .map((ns) => ({
      namespace: ns.metadata?.name ?? '',
      vcluster: ns.metadata?.labels?.[LABEL_VCLUSTER],
      terminating: ns.status?.phase === 'Terminating' || Boolean(ns.metadata?.deletionTimestamp),
      createdAt: ns.metadata?.creationTimestamp ? new Date(ns.metadata.creationTimestamp).toISOString() : undefined,
    }))
    .sort((a, b) => a.namespace.localeCompare(b.namespace));
}

/**
 * How many vClusters count against the tenant's quota. Namespaces being deleted are not
 * counted: their vCluster is gone for the user, and counting them would block a
 * delete-then-recreate until the namespace finalizers finish.
 */
export async function countTenantVClusters(client: KubeClient, tenant: string): Promise<number> {
  return (await listTenantNamespaces(client, tenant)).filter((ns) => !ns.terminating).length;
}
