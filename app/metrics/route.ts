// Prometheus metrics (lib/observability/metrics.ts). Open by default, like most exporters, and
// holding no tenant or vCluster names; set CUBBY_METRICS_TOKEN to require
// `Authorization: Bearer TOKEN` (a ServiceMonitor's bearerTokenSecret).
import { timingSafeEqual } from 'node:crypto';
import { metrics } from '@/lib/observability/metrics';

export const dynamic = 'force-dynamic';

function authorized(request: Request): boolean {
  const token = process.env.CUBBY_METRICS_TOKEN;
  if (!token) return true;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export async function GET(request: Request): Promise<Response> {
  if (!authorized(request)) return Response.json({ error: 'unauthenticated', message: 'a bearer token is required' }, { status: 401 });
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' } });
}
