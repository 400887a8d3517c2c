import { apiRoute } from '@/lib/api/route';
import { listAllApiTokens } from '@/lib/tenancy/api-tokens';

export const dynamic = 'force-dynamic';

/** Everybody's API tokens, without anything secret, for admins to review and revoke. */
export const GET = apiRoute('admin', async ({ host }) => ({ items: await listAllApiTokens(host) }));
