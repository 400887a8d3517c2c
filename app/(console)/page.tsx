import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { listVClusterViews, visibleTenantNames } from '@/lib/api/vcluster-views';
import { queryKeys } from '@/lib/client/query-keys';
import { requireUser } from './session';
import { VClustersClient } from './client';

export const metadata: Metadata = { title: 'My vClusters' };

export default async function VClustersPage() {
  await requireUser('/');
  // The list and "who am I" from the cache, as GET /api/vclusters and GET /api/me answer them.
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => {
    queryClient.setQueryData(queryKeys.vclusters, listVClusterViews(cache, caller, admin));
    queryClient.setQueryData(queryKeys.me, { user: caller.user, groups: caller.groups, admin, tenants: [...visibleTenantNames(cache, caller, admin)].sort() });
  });
  return (
    <HydrationBoundary state={state}>
      <VClustersClient />
    </HydrationBoundary>
  );
}
