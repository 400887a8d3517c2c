import { apiRoute } from '@/lib/api/route';
import { revokeApiToken } from '@/lib/tenancy/api-tokens';

export const dynamic = 'force-dynamic';

export const DELETE = apiRoute<{ id: string }>('signed-in', async ({ caller, host, params }) => {
  await revokeApiToken(host, caller.user, params.id);
  return new Response(null, { status: 204 });
});
