'use client';
// Subscribes the page to /api/stream (Server-Sent Events) and updates the React Query entries a
// change touches, so lists and details update without reload or polling. A change invalidates
// only what it changed: a row that reads differently ('row') is fetched alone and patched into
// the lists that hold it; whole lists are read again only when a vCluster appears or goes
// ('list'). Pod churn ('pods' without 'row') reaches the pods tab of that vCluster and nothing else.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiFetchError } from './api-fetch';
import type { VClusterView } from './api-types';
import { vclusterQuery } from './queries';
import { queryKeys } from './query-keys';

interface ChangeMessage {
  scope: 'vcluster' | 'tenants' | 'templates';
  tenant?: string;
  name?: string;
  kinds?: string[];
}

/** Admin aggregates change with many rows at once; one refetch per window is enough. */
const AGGREGATE_WINDOW_MS = 500;

function replaceRow(list: VClusterView[] | undefined, view: VClusterView): VClusterView[] | undefined {
  if (!list) return list;
  const i = list.findIndex((v) => v.tenant === view.tenant && v.name === view.name);
  if (i < 0) return list;
  const next = list.slice();
  next[i] = view;
  return next;
}

function dropRow(list: VClusterView[] | undefined, tenant: string, name: string): VClusterView[] | undefined {
  return list?.filter((v) => !(v.tenant === tenant && v.name === name));
}

/** Fetches the one changed row and puts it into every list that shows it. */
async function patchRow(queryClient: QueryClient, tenant: string, name: string): Promise<void> {
  const lists: QueryKey[] = [queryKeys.vclusters, queryKeys.tenantVClusters(tenant)];
  const detail = queryClient.getQueryState(queryKeys.vcluster(tenant, name));
  const held = lists.filter((key) => queryClient.getQueryData(key) !== undefined);
  if (held.length === 0 && !detail) return;
  try {
    // staleTime 0: always read it now; concurrent notifications share one request.
    const view = await queryClient.fetchQuery({ ...vclusterQuery(tenant, name), staleTime: 0 });
    for (const key of held) queryClient.setQueryData<VClusterView[]>(key, (old) => replaceRow(old, view));
  } catch (error) {
    if (error instanceof ApiFetchError && error.status === 404) {
      for (const key of held) queryClient.setQueryData<VClusterView[]>(key, (old) => dropRow(old, tenant, name));
    }
  }
}

export function applyChange(queryClient: QueryClient, change: ChangeMessage, refreshAggregates: () => void): void {
  if (change.scope === 'tenants') {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tenants });
    refreshAggregates();
  }
  if (change.scope === 'templates') void queryClient.invalidateQueries({ queryKey: queryKeys.templates });
  if (change.scope !== 'vcluster' || !change.tenant || !change.name) return;
  const { tenant, name } = change;
  const kinds = new Set(change.kinds ?? []);
  if (kinds.has('list')) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true });
    void queryClient.invalidateQueries({ queryKey: queryKeys.tenantVClusters(tenant) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.vcluster(tenant, name), exact: true });
    void queryClient.invalidateQueries({ queryKey: queryKeys.discovered });
    refreshAggregates();
  } else if (kinds.has('row')) {
    void patchRow(queryClient, tenant, name);
    refreshAggregates();
  }
  if (kinds.has('usage')) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.adminUsageOf(tenant) });
    refreshAggregates();
  }
  if (kinds.has('pods')) void queryClient.invalidateQueries({ queryKey: queryKeys.vclusterPart(tenant, name, 'pods') });
  if (kinds.has('nodes') || kinds.has('pods')) void queryClient.invalidateQueries({ queryKey: queryKeys.vclusterPart(tenant, name, 'nodes') });
  if (kinds.has('events') || kinds.has('status')) void queryClient.invalidateQueries({ queryKey: queryKeys.vclusterPart(tenant, name, 'events') });
}

export function useChangeStream(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Trailing refresh of the admin's per-tenant rows and quota sums: a burst of changes to many
    // vClusters becomes one request, and an in-flight one is not cancelled and started again.
    const refreshAggregates = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: queryKeys.adminOverview }, { cancelRefetch: false });
        void queryClient.invalidateQueries({ queryKey: queryKeys.adminUsage, exact: true }, { cancelRefetch: false });
      }, AGGREGATE_WINDOW_MS);
    };
    const source = new EventSource('/api/stream');
    source.addEventListener('change', (event) => {
      applyChange(queryClient, JSON.parse((event as MessageEvent<string>).data) as ChangeMessage, refreshAggregates);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [queryClient]);
}
