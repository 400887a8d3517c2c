// Sleep mode's reads for the browser: a vCluster's sleep view (under the vCluster's key, so the
// change stream's invalidation of the vCluster reaches it) and the admin overview's figures.
import { queryOptions } from '@tanstack/react-query';
import type { TenantSleepFigures, VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';
import { apiFetch } from './api-fetch';
import { vclusterPath } from './queries';
import { queryKeys } from './query-keys';

export type { TenantSleepFigures, VClusterSleepView };

export const sleepQuery = (tenant: string, name: string) =>
  queryOptions({
    queryKey: [...queryKeys.vcluster(tenant, name), 'sleep'] as const,
    queryFn: ({ signal }) => apiFetch<VClusterSleepView>(`${vclusterPath(tenant, name)}/sleep`, { signal }),
    // "Sleeps in 23 min" moves with activity the gateway records, which reaches no browser stream.
    refetchInterval: 15_000,
  });

export const adminSleepQuery = () =>
  queryOptions({
    queryKey: queryKeys.adminSleep,
    queryFn: ({ signal }) => apiFetch<{ items: TenantSleepFigures[] }>('/api/admin/sleep', { signal }).then((r) => r.items),
    refetchInterval: 60_000,
  });
