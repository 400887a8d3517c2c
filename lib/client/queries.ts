// Query options per API read, shared by pages (and usable by a server prefetch): one place that
// pairs a query key from query-keys.ts with the URL it reads, so the change stream's
// invalidations reach exactly these entries.
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './api-fetch';
import { queryKeys } from './query-keys';
import type {
  ApiTokenInfo,
  EventRow,
  ItemList,
  VClusterConnection,
  Me,
  SyncedPodRow,
  Template,
  Tenant,
  VClusterView,
  VirtualNodeRow,
} from './api-types';

export function vclusterPath(tenant: string, name: string): string {
  return `/api/vclusters/${encodeURIComponent(tenant)}/${encodeURIComponent(name)}`;
}

export const meQuery = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: ({ signal }) => apiFetch<Me>('/api/me', { signal }), staleTime: 5 * 60_000 });

export const vclustersQuery = () =>
  queryOptions({
    queryKey: queryKeys.vclusters,
    queryFn: ({ signal }) => apiFetch<ItemList<VClusterView>>('/api/vclusters', { signal }).then((r) => r.items),
  });

/** One tenant's vClusters only (an admin's tenant page: a hundred rows, not thousands). */
export const tenantVClustersQuery = (tenant: string) =>
  queryOptions({
    queryKey: queryKeys.tenantVClusters(tenant),
    queryFn: ({ signal }) => apiFetch<ItemList<VClusterView>>(`/api/vclusters?tenant=${encodeURIComponent(tenant)}`, { signal }).then((r) => r.items),
  });

export const vclusterQuery = (tenant: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.vcluster(tenant, name),
    queryFn: ({ signal }) => apiFetch<VClusterView>(vclusterPath(tenant, name), { signal }),
  });

export const podsQuery = (tenant: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.vclusterPart(tenant, name, 'pods'),
    queryFn: ({ signal }) => apiFetch<ItemList<SyncedPodRow>>(`${vclusterPath(tenant, name)}/pods`, { signal }).then((r) => r.items),
    // A pod the host has no copy of (new, or refused by the host) changes only inside the
    // vCluster, which sends the change stream nothing: ask again now and then, more often while
    // one is listed.
    refetchInterval: (query) => (query.state.data?.some((p) => !p.synced) ? 10_000 : 30_000),
  });

export const nodesQuery = (tenant: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.vclusterPart(tenant, name, 'nodes'),
    queryFn: ({ signal }) => apiFetch<ItemList<VirtualNodeRow>>(`${vclusterPath(tenant, name)}/nodes`, { signal }).then((r) => r.items),
  });

export const eventsQuery = (tenant: string, name: string) =>
  queryOptions({
    queryKey: queryKeys.vclusterPart(tenant, name, 'events'),
    queryFn: ({ signal }) => apiFetch<ItemList<EventRow>>(`${vclusterPath(tenant, name)}/events`, { signal }).then((r) => r.items),
  });

/** How the vCluster is reached (server, strategy, port-forward); carries no credentials. */
export const connectionQuery = (tenant: string, name: string, access: 'gateway' | 'direct' = 'gateway') =>
  queryOptions({
    queryKey: [...queryKeys.vcluster(tenant, name), 'connection', access] as const,
    queryFn: ({ signal }) => apiFetch<VClusterConnection>(`${vclusterPath(tenant, name)}/connection?access=${access}`, { signal }),
    staleTime: 60_000,
  });

export const templatesQuery = () =>
  queryOptions({
    queryKey: queryKeys.templates,
    queryFn: ({ signal }) => apiFetch<ItemList<Template>>('/api/templates', { signal }).then((r) => r.items),
  });

export const tokensQuery = () =>
  queryOptions({
    queryKey: queryKeys.tokens,
    queryFn: ({ signal }) => apiFetch<ItemList<ApiTokenInfo>>('/api/tokens', { signal }).then((r) => r.items),
  });

/** Tenants the caller sees (their own; all for admins), with the templates each may use. */
export const tenantsQuery = () =>
  queryOptions({
    queryKey: queryKeys.tenants,
    queryFn: ({ signal }) => apiFetch<ItemList<Tenant>>('/api/tenants', { signal }).then((r) => r.items),
  });
