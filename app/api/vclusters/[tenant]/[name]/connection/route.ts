import { apiRoute } from '@/lib/api/route';
import { ApiError } from '@/lib/api/api-error';
import { readyCache } from '@/lib/api/cache';
import { connectionForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';

/** Where the kubeconfig points: `?access=gateway` (through Cubby, the default) or `direct`. */
export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params, request }) => {
  const url = new URL(request.url);
  const access = url.searchParams.get('access') ?? 'gateway';
  if (access !== 'gateway' && access !== 'direct') throw new ApiError(400, 'invalid_request', "access must be 'gateway' or 'direct'", { field: 'access' });
  return connectionForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, access, url.origin);
});
