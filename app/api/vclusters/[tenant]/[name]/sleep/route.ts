import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { changeSleepSettingsForCaller, sleepViewForCaller } from '@/lib/api/sleep-mode-actions';

export const dynamic = 'force-dynamic';
type Params = { tenant: string; name: string };

/** Sleep mode of the vCluster: state, next sleep or wake, last wake, settings and the template's bounds. */
export const GET = apiRoute<Params>('signed-in', async ({ caller, admin, params }) =>
  sleepViewForCaller(await readyCache(), caller, admin, params.tenant, params.name),
);

/** Replaces the tenant's settings: `{ afterIdleMinutes?: number | null, schedule?: {...} | null }`. */
export const PUT = apiRoute<Params>('signed-in', async ({ caller, admin, host, params, request }) => {
  const cache = await readyCache();
  await changeSleepSettingsForCaller(cache, host, caller, admin, params.tenant, params.name, await jsonBody(request));
  return sleepViewForCaller(cache, caller, admin, params.tenant, params.name);
});
