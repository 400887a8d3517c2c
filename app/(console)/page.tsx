import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { listVClusterViews } from '@/lib/api/vcluster-views';
import { queryKeys } from '@/lib/client/query-keys';
import { requireUser } from './session';
import { VClustersClient } from './client';

export const metadata: Metadata = { title: 'My vClusters' };

export default async function VClustersPage() {
  await requireUser('/');
  // The list from the cache, as GET /api/vclusters answers it ("who am I" comes with the frame).
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => {
    queryClient.setQueryData(queryKeys.vclusters, listVClusterViews(cache, caller, admin));
  });
  return (
    <HydrationBoundary state={state}>
      <VClustersClient />
    </HydrationBoundary>
  );
}
