import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { kubeconfigForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';

/** The kubeconfig as JSON (with how to reach the server), or as a file with `?download=1`. */
export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params, request }) => {
  const query = new URL(request.url).searchParams;
  const download = query.get('download') === '1';
  query.delete('download');
  const result = await kubeconfigForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, query);
  if (!download) return result;
  return new Response(result.kubeconfig, {
    headers: {
      'Content-Type': 'application/yaml',
      'Content-Disposition': `attachment; filename="kubeconfig-${params.tenant}-${params.name}.yaml"`,
      'Cache-Control': 'no-store',
    },
  });
});
