import 'server-only';
// The admin overview's numbers: one row per tenant (vClusters by state, synced pods, quota sums),
// served from the view index's running totals. The serialised answer is kept until a row, a quota
// or a tenant changes, so an admin's page load costs a string copy, not a walk over 2,000 rows.
import type { HostCache } from '@/lib/vcluster/host-cache';
import type { TenantUsage } from '@/lib/client/admin-usage';
import { viewIndexOf, type TenantAggregate } from './vcluster-view-index';
import { jsonResponse } from './vcluster-views';

export type { TenantAggregate } from './vcluster-view-index';

export function adminOverview(cache: HostCache): TenantAggregate[] {
  return viewIndexOf(cache).tenantAggregates();
}

const memo = new WeakMap<HostCache, { key: string; body: string }>();

export function adminOverviewResponse(cache: HostCache): Response {
  const index = viewIndexOf(cache);
  const key = `${index.version}/${index.usageVersion}/${cache.generation('tenants')}`;
  let entry = memo.get(cache);
  if (entry?.key !== key) {
    entry = { key, body: JSON.stringify({ items: index.tenantAggregates() }) };
    memo.set(cache, entry);
  }
  return jsonResponse(entry.body);
}

/** ResourceQuota figures per tenant, each with its namespaces; one tenant's with `tenant`. */
export function tenantUsageList(cache: HostCache, tenant?: string): TenantUsage[] {
  const all = viewIndexOf(cache).tenantUsage();
  return tenant ? all.filter((u) => u.tenant === tenant) : all;
}
