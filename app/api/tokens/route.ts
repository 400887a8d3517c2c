import { apiRoute, jsonBody } from '@/lib/api/route';
import { forbidden } from '@/lib/api/api-error';
import { withAudit } from '@/lib/tenancy/audit';
import { createApiToken, listApiTokens } from '@/lib/tenancy/api-tokens';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('signed-in', async ({ caller, host }) => ({ items: await listApiTokens(host, caller.user) }));

/** The token's secret is in this answer only; Cubby keeps just its hash. */
export const POST = apiRoute('signed-in', async ({ caller, host, request }) => {
  // A token cannot mint tokens: a leaked one must not outlive its own expiry.
  if (caller.method === 'token') throw forbidden('create API tokens from a signed-in session');
  const body = await jsonBody(request);
  const name = (body as { name?: unknown } | null)?.name;
  const created = await withAudit(
    host,
    { actor: caller, action: 'token.create', message: typeof name === 'string' ? `token '${name}'` : 'token without a name' },
    // The token stands for the user and how they sign in; its rights are looked up at each use.
    () => createApiToken(host, { user: caller.user, provider: caller.provider }, body),
  );
  return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
