import { apiRoute } from '@/lib/api/route';
import { listAudit, type AuditResult } from '@/lib/tenancy/audit';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('admin', async ({ host, request }) => {
  const q = new URL(request.url).searchParams;
  const get = (key: string) => q.get(key) ?? undefined;
  const limit = q.get('limit');
  return {
    items: await listAudit(host, {
      tenant: get('tenant'),
      actor: get('actor'),
      action: get('action'),
      vcluster: get('vcluster'),
      result: get('result') as AuditResult | undefined,
      since: get('since'),
      limit: limit ? Number(limit) : undefined,
    }),
  };
});
