import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { tenantUsageList } from '@/lib/api/admin-overview';

export const dynamic = 'force-dynamic';

// Requested CPU and memory come from the ResourceQuota each vCluster namespace has (its status is
// what the API server admits pods against, control plane included). The host cache watches those
// quotas and the view index sums them per tenant as they change: nothing is listed per request.
export const GET = apiRoute('admin', async ({ request }) => {
  const tenant = new URL(request.url).searchParams.get('tenant') ?? undefined;
  return { items: tenantUsageList(await readyCache(), tenant) };
});
