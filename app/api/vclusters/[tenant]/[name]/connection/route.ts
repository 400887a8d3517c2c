import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { connectionForCaller } from '@/lib/api/vcluster-actions';
import { KubeconfigQuery } from '@/lib/api/vcluster-actions-schemas';

export const dynamic = 'force-dynamic';

/** Where the kubeconfig points: `?access=gateway` (through Cubby, the default) or `direct`. */
export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params, request }) => {
  const url = new URL(request.url);
  const { access = 'gateway' } = KubeconfigQuery.pick({ access: true }).parse({ access: url.searchParams.get('access') ?? undefined });
  return connectionForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, access, url.origin);
});
