import { apiRoute } from '@/lib/api/route';
import { findApiToken, revokeAnyApiToken } from '@/lib/tenancy/api-tokens';
import { withAudit } from '@/lib/tenancy/audit';

export const dynamic = 'force-dynamic';

/** An admin revokes anybody's token; the record names whose it was. */
export const DELETE = apiRoute<{ id: string }>('admin', async ({ caller, host, params }) => {
  const token = await findApiToken(host, params.id);
  const message = token ? `token '${token.name}' (${token.id}) of ${token.user}` : `token ${params.id}`;
  await withAudit(host, { actor: caller, action: 'token.revoke', message }, () => revokeAnyApiToken(host, params.id));
  return new Response(null, { status: 204 });
});
