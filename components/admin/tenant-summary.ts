// One row per tenant for the admin overview: its vClusters by state, synced pods, and the
// ResourceQuota figures of its namespaces.
import type { VClusterView } from '@/lib/api/vcluster-views';
import type { TenantUsage } from '@/lib/client/admin-usage';
import type { Tenant } from '@/lib/tenancy/model';
import { countStates, type StateCounts } from './vcluster-state';

export interface TenantSummary {
  tenant: Tenant;
  vclusters: VClusterView[];
  counts: StateCounts;
  syncedPods: number;
  usage?: TenantUsage;
}

export function summarizeTenants(tenants: readonly Tenant[], views: readonly VClusterView[], usage: readonly TenantUsage[] = []): TenantSummary[] {
  return tenants.map((tenant) => {
    const vclusters = views.filter((v) => v.tenant === tenant.name);
    return {
      tenant,
      vclusters,
      counts: countStates(vclusters),
      syncedPods: vclusters.reduce((sum, v) => sum + v.syncedPods, 0),
      usage: usage.find((u) => u.tenant === tenant.name),
    };
  });
}

export function tenantLabel(tenant: Tenant): string {
  return tenant.spec.displayName ? `${tenant.spec.displayName}` : tenant.name;
}
