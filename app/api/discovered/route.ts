import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { discoveredVClusters } from '@/lib/api/discovered-views';

export const dynamic = 'force-dynamic';

/** Every vCluster on the host, Cubby's or not; `?unassigned=1` for those no tenant owns. */
export const GET = apiRoute('admin', async ({ request }) => {
  const unassigned = new URL(request.url).searchParams.get('unassigned') === '1';
  return { items: discoveredVClusters(await readyCache(), unassigned) };
});
