export const dynamic = 'force-dynamic';

/** Liveness probe: the process answers. Nothing here waits for the host. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
