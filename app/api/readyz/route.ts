import { readiness } from '@/lib/api/readiness';

export const dynamic = 'force-dynamic';

/** Readiness probe: 200 once the host answers and the host cache has synced, 503 before. */
export async function GET(): Promise<Response> {
  const result = await readiness();
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
