// Query options of the admin pages besides the shared ones in queries.ts (tenants, templates,
// vClusters), under the keys of query-keys.ts so the change stream's invalidations reach them.
// Lists are cached as arrays, as in queries.ts: one shape per key across the app.
import { queryOptions } from '@tanstack/react-query';
import type { AuditRecord } from '@/lib/tenancy/audit';
import type { Template, Tenant } from '@/lib/tenancy/model';
import type { DiscoveredVCluster } from '@/lib/vcluster/discovery';
import type { TenantOverview, TenantUsage } from './admin-usage';
import type { ItemList } from './api-types';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';

const seg = encodeURIComponent;

export const tenantQuery = (name: string) =>
  queryOptions({
    queryKey: queryKeys.tenant(name),
    queryFn: ({ signal }) => apiFetch<Tenant>(`/api/tenants/${seg(name)}`, { signal }),
  });

export const templateQuery = (name: string) =>
  queryOptions({
    queryKey: queryKeys.template(name),
    queryFn: ({ signal }) => apiFetch<Template>(`/api/templates/${seg(name)}`, { signal }),
  });

/** GET /api/templates/NAME/chart-upgrade: the template's chart version (the configured one when it names none). */
export interface TemplateChartStatus {
  template: string;
  chartVersion: string;
  configured: boolean;
}

/** Under the template's key: a change of the template (its version) invalidates it too. */
export const templateChartQuery = (name: string) =>
  queryOptions({
    queryKey: [...queryKeys.template(name), 'chart-upgrade'] as const,
    queryFn: ({ signal }) => apiFetch<TemplateChartStatus>(`/api/templates/${seg(name)}/chart-upgrade`, { signal }),
  });

/** vClusters on the host that no tenant owns (admins). */
export const unassignedQuery = () =>
  queryOptions({
    queryKey: queryKeys.discovered,
    queryFn: ({ signal }) => apiFetch<ItemList<DiscoveredVCluster>>('/api/discovered?unassigned=1', { signal }).then((r) => r.items),
  });

/** ResourceQuota used/hard of one tenant's namespaces (admins); undefined when it has none. */
export const tenantUsageQuery = (tenant: string) =>
  queryOptions({
    queryKey: queryKeys.adminUsageOf(tenant),
    queryFn: ({ signal }) =>
      apiFetch<ItemList<TenantUsage>>(`/api/admin/usage?tenant=${seg(tenant)}`, { signal }).then((r) => r.items.find((u) => u.tenant === tenant) ?? null),
  });

/** Per tenant: vClusters by state, synced pods, quota sums; a few rows whatever the vCluster count. */
export const adminOverviewQuery = () =>
  queryOptions({
    queryKey: queryKeys.adminOverview,
    queryFn: ({ signal }) => apiFetch<ItemList<TenantOverview>>('/api/admin/overview', { signal }).then((r) => r.items),
  });

export type AuditFilter = Partial<Record<'tenant' | 'actor' | 'action' | 'vcluster' | 'result' | 'since' | 'limit', string>>;

export const auditQuery = (filter: AuditFilter) => {
  const clean = Object.fromEntries(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return queryOptions({
    queryKey: queryKeys.audit(clean),
    queryFn: ({ signal }) => apiFetch<ItemList<AuditRecord>>(`/api/audit?${new URLSearchParams(clean).toString()}`, { signal }).then((r) => r.items),
    // Nothing pushes audit changes; each visit reads the latest.
    staleTime: 0,
  });
};
