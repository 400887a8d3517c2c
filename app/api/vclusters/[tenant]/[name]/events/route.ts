import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { eventsView } from '@/lib/api/vcluster-views';

export const dynamic = 'force-dynamic';

export const GET = apiRoute<{ tenant: string; name: string }>('signed-in', async ({ caller, admin, params }) => ({
  items: eventsView(await readyCache(), caller, admin, params.tenant, params.name),
}));
