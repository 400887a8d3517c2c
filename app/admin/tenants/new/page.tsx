import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { queryKeys } from '@/lib/client/query-keys';
import { adminGate } from '../../admin-gate';
import { NewTenantClient } from './client';

export const metadata: Metadata = { title: 'New tenant · Admin' };

export default async function NewTenantPage() {
  const denied = await adminGate('/admin/tenants/new');
  if (denied) return denied;
  // The templates the form offers, from the cache.
  const state = await prefetchPage(({ queryClient, cache }) => queryClient.setQueryData(queryKeys.templates, cache.templates()));
  return (
    <HydrationBoundary state={state}>
      <NewTenantClient />
    </HydrationBoundary>
  );
}
