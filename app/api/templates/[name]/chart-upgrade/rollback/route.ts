import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { rollbackForCaller } from '@/lib/api/chart-upgrade-actions';

export const dynamic = 'force-dynamic';
type Params = { name: string };

/** `helm rollback` of one upgraded vCluster of the template to the revision it had before. */
export const POST = apiRoute<Params>('admin', async ({ caller, host, params, request }) => {
  const body = await jsonBody(request);
  return rollbackForCaller(await readyCache(), host, caller, params.name, body);
});
