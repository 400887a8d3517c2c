import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { podsForCaller } from '@/lib/api/pods-view';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, host, params }) =>
  podsForCaller(await readyCache(), host, caller, admin, params.tenant, params.name),
);
