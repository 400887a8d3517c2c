import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { queryKeys } from '@/lib/client/query-keys';
import { adminGate } from '../admin-gate';
import { TemplatesClient } from './client';

export const metadata: Metadata = { title: 'Templates · Admin' };

export default async function TemplatesPage() {
  const denied = await adminGate('/admin/templates');
  if (denied) return denied;
  // Every template and tenant (the table says which tenants use each), from the cache.
  const state = await prefetchPage(({ queryClient, cache }) => {
    queryClient.setQueryData(queryKeys.templates, cache.templates());
    queryClient.setQueryData(queryKeys.tenants, cache.tenants());
  });
  return (
    <HydrationBoundary state={state}>
      <TemplatesClient />
    </HydrationBoundary>
  );
}
