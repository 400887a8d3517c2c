import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { adminOverview } from '@/lib/api/admin-overview';
import { discoveredVClusters } from '@/lib/api/discovered-views';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { sleepOverview } from '@/lib/api/sleep-mode-actions';
import { queryKeys } from '@/lib/client/query-keys';
import { visibleTenants } from '@/lib/tenancy/authorization';
import { adminGate } from './admin-gate';
import { AdminOverviewClient } from './client';

export const metadata: Metadata = { title: 'Tenants · Admin' };

export default async function AdminOverviewPage() {
  const denied = await adminGate('/admin');
  if (denied) return denied;
  // The four reads of the overview, from the cache, under the keys the client reads them with.
  const state = await prefetchPage(({ queryClient, cache, caller }) => {
    queryClient.setQueryData(queryKeys.tenants, visibleTenants(caller, cache.tenants()));
    queryClient.setQueryData(queryKeys.adminOverview, adminOverview(cache));
    queryClient.setQueryData(queryKeys.discovered, discoveredVClusters(cache, true));
    queryClient.setQueryData(queryKeys.adminSleep, sleepOverview(cache));
  });
  return (
    <HydrationBoundary state={state}>
      <AdminOverviewClient />
    </HydrationBoundary>
  );
}
