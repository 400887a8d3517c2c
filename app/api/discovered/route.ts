import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { discoverVClusters } from '@/lib/vcluster/discovery';

export const dynamic = 'force-dynamic';

/** Every vCluster on the host, Cubby's or not; `?unassigned=1` for those no tenant owns. */
export const GET = apiRoute('admin', async ({ request }) => {
  const cache = await readyCache();
  const workloads = cache.vclusterWorkloads();
  const found = discoverVClusters({
    statefulSets: workloads.filter((w) => w.kind === 'StatefulSet'),
    deployments: workloads.filter((w) => w.kind === 'Deployment'),
    namespaces: cache.namespaces(),
  });
  const unassigned = new URL(request.url).searchParams.get('unassigned') === '1';
  return { items: unassigned ? found.filter((v) => !v.tenant) : found };
});
