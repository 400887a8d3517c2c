import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { connectionForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params }) =>
  connectionForCaller(await readyCache(), host, caller, admin, params.tenant, params.name),
);
