import { apiRoute, jsonBody } from '@/lib/api/route';
import { forbidden } from '@/lib/api/api-error';
import { createApiToken, listApiTokens } from '@/lib/tenancy/api-tokens';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('signed-in', async ({ caller, host }) => ({ items: await listApiTokens(host, caller.user) }));

/** The token's secret is in this answer only; Cubby keeps just its hash. */
export const POST = apiRoute('signed-in', async ({ caller, host, request }) => {
  // A token cannot mint tokens: a leaked one must not outlive its own expiry.
  if (caller.method === 'token') throw forbidden('create API tokens from a signed-in session');
  const created = await createApiToken(host, { user: caller.user, groups: caller.groups }, await jsonBody(request));
  return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
