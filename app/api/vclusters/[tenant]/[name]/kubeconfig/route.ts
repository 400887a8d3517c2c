import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { kubeconfigForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';

/**
 * The kubeconfig as JSON (with how to reach the server), or as a file with `?download=1`.
 * Through Cubby's gateway by default (`expirationSeconds` sets the credential's life, 8 hours
 * unless given); `access=direct` for the vCluster's own server (`token=true` for a token it issues).
 */
export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params, request }) => {
  const url = new URL(request.url);
  const query = url.searchParams;
  const download = query.get('download') === '1';
  query.delete('download');
  const result = await kubeconfigForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, query, url.origin);
  if (!download) return result;
  return new Response(result.kubeconfig, {
    headers: {
      'Content-Type': 'application/yaml',
      'Content-Disposition': `attachment; filename="kubeconfig-${params.tenant}-${params.name}.yaml"`,
      'Cache-Control': 'no-store',
    },
  });
});
