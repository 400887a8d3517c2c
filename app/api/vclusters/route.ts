import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { vclusterListResponse } from '@/lib/api/vcluster-views';
import { createForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('signed-in', async ({ caller, admin, request }) => {
  const tenant = new URL(request.url).searchParams.get('tenant') ?? undefined;
  return vclusterListResponse(await readyCache(), caller, admin, tenant);
});

export const POST = apiRoute('signed-in', async ({ caller, admin, host, request }) => {
  const result = await createForCaller(await readyCache(), host, caller, admin, await jsonBody(request));
  return Response.json(result, { status: 202, headers: { Location: `/api/vclusters/${result.ref.tenant}/${result.ref.name}` } });
});
