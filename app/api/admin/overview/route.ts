import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { adminOverviewResponse } from '@/lib/api/admin-overview';

export const dynamic = 'force-dynamic';

/** One row per tenant: vClusters by state, synced pods, quota sums; kept up to date from events. */
export const GET = apiRoute('admin', async () => adminOverviewResponse(await readyCache()));
