import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { vClusterView } from '@/lib/api/vcluster-views';
import { changeOptionsForCaller, deleteForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';
type Params = { tenant: string; name: string };

export const GET = apiRoute<Params>('signed-in', async ({ caller, admin, params }) =>
  vClusterView(await readyCache(), caller, admin, params.tenant, params.name),
);

export const PATCH = apiRoute<Params>('signed-in', async ({ caller, admin, host, params, request }) =>
  changeOptionsForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, await jsonBody(request)),
);

export const DELETE = apiRoute<Params>('signed-in', async ({ caller, admin, host, params }) => {
  const result = await deleteForCaller(await readyCache(), host, caller, admin, params.tenant, params.name);
  return Response.json(result, { status: 202 });
});
