import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { keepAwakeForCaller } from '@/lib/api/sleep-mode-actions';

export const dynamic = 'force-dynamic';
type Params = { tenant: string; name: string };

/** `{ hours: 2 }`: no sleep (idle or schedule) until then; wakes it if sleep mode put it to sleep. `{ hours: 0 }` ends it. */
export const POST = apiRoute<Params>('signed-in', async ({ caller, admin, host, params, request }) =>
  keepAwakeForCaller(await readyCache(), host, caller, admin, params.tenant, params.name, await jsonBody(request)),
);
