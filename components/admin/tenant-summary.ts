// One row per tenant for the admin overview: its vClusters by state, synced pods, and the
// ResourceQuota figures of its namespaces. The server sums them (GET /api/admin/overview, kept up
// to date from host events); here they only meet the tenant they belong to.
import type { TenantOverview, UsageFigure } from '@/lib/client/admin-usage';
import type { Tenant } from '@/lib/tenancy/model';
import type { StateCounts } from './vcluster-state';

export interface TenantSummary {
  tenant: Tenant;
  vclusterCount: number;
  counts: StateCounts;
  syncedPods: number;
  usage?: { cpu?: UsageFigure; memory?: UsageFigure; pods?: UsageFigure };
  /** The latest use of any of its vClusters through Cubby's gateway. */
  lastUsed?: TenantOverview['lastUsed'];
}

const NONE: StateCounts = { running: 0, pending: 0, paused: 0, other: 0 };

export function summarizeTenants(tenants: readonly Tenant[], overview: readonly TenantOverview[] = []): TenantSummary[] {
  const byName = new Map(overview.map((o) => [o.tenant, o]));
  return tenants.map((tenant) => {
    const row = byName.get(tenant.name);
    const usage = row && (row.cpu || row.memory || row.pods) ? { cpu: row.cpu, memory: row.memory, pods: row.pods } : undefined;
    return { tenant, vclusterCount: row?.vclusters ?? 0, counts: row?.counts ?? NONE, syncedPods: row?.syncedPods ?? 0, usage, ...(row?.lastUsed ? { lastUsed: row.lastUsed } : {}) };
  });
}

export function tenantLabel(tenant: Tenant): string {
  return tenant.spec.displayName ? `${tenant.spec.displayName}` : tenant.name;
}
