import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { templatesForCaller } from '@/lib/api/catalog-views';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { queryKeys } from '@/lib/client/query-keys';
import { visibleTenants } from '@/lib/tenancy/authorization';
import { requireUser } from '../../session';
import { CreateVClusterClient } from './client';

export const metadata: Metadata = { title: 'Create a vCluster' };

export default async function CreateVClusterPage() {
  await requireUser('/vclusters/new');
  // The form's reads from the cache: the templates and the tenants (who the caller is comes with
  // the frame, signed-in-shell.tsx).
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => {
    queryClient.setQueryData(queryKeys.templates, templatesForCaller(cache, caller, admin));
    queryClient.setQueryData(queryKeys.tenants, visibleTenants(caller, cache.tenants()));
  });
  return (
    <HydrationBoundary state={state}>
      <CreateVClusterClient />
    </HydrationBoundary>
  );
}
