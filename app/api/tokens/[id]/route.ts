import { apiRoute } from '@/lib/api/route';
import { revokeApiToken } from '@/lib/tenancy/api-tokens';
import { withAudit } from '@/lib/tenancy/audit';

export const dynamic = 'force-dynamic';

export const DELETE = apiRoute<{ id: string }>('signed-in', async ({ caller, host, params }) => {
  await withAudit(host, { actor: caller, action: 'token.revoke', message: `token ${params.id}` }, () => revokeApiToken(host, caller.user, params.id), {
    // Someone else's token answers 404 like an unknown one; either way the attempt was refused.
    classify: (error) => ((error as { status?: unknown })?.status === 404 ? 'denied' : 'failed'),
  });
  return new Response(null, { status: 204 });
});
