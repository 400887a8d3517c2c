import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { pauseForCaller } from '@/lib/api/vcluster-actions';

export const dynamic = 'force-dynamic';

export const POST = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params }) =>
  pauseForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, true),
);
