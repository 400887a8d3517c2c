import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { chartUpgradeStatus, startChartUpgradeForCaller } from '@/lib/api/chart-upgrade-actions';

export const dynamic = 'force-dynamic';
type Params = { name: string };

/** The template's chart version and each of its vClusters' version and upgrade progress. */
export const GET = apiRoute<Params>('admin', async ({ host, params }) => chartUpgradeStatus(await readyCache(), host, params.name));

/** Starts "Upgrade vClusters": 202 with the run; progress follows on GET and the change stream. */
export const POST = apiRoute<Params>('admin', async ({ caller, host, params, request }) => {
  const body = await jsonBody(request);
  const run = await startChartUpgradeForCaller(await readyCache(), host, caller, params.name, body);
  return Response.json(run, { status: 202 });
});
