import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { tenantUsageList } from '@/lib/api/admin-overview';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { listVClusterViews } from '@/lib/api/vcluster-views';
import { queryKeys } from '@/lib/client/query-keys';
import { adminGate } from '../../admin-gate';
import { TenantDetailClient } from './client';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Admin` };
}

export default async function TenantPage({ params }: Props) {
  const { name } = await params;
  const denied = await adminGate(`/admin/tenants/${name}`);
  if (denied) return denied;
  const tenantName = decodeURIComponent(name);
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => {
    const tenant = cache.tenant(tenantName);
    // A missing tenant is left to the browser, which shows the API's 404.
    if (!tenant) return;
    // Shown at once but stale from the start: the editor and delete need the newest
    // resourceVersion, which the browser reads right after (GET /api/tenants/NAME reads direct).
    queryClient.setQueryData(queryKeys.tenant(tenantName), tenant, { updatedAt: 0 });
    queryClient.setQueryData(queryKeys.tenantVClusters(tenantName), listVClusterViews(cache, caller, admin, tenantName));
    queryClient.setQueryData(queryKeys.adminUsageOf(tenantName), tenantUsageList(cache, tenantName)[0] ?? null);
    queryClient.setQueryData(queryKeys.templates, cache.templates());
  });
  return (
    <HydrationBoundary state={state}>
      <TenantDetailClient name={name} />
    </HydrationBoundary>
  );
}
