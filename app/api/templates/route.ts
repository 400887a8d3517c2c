import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { assertTemplateChartVersion } from '@/lib/api/chart-upgrade-actions';
import { withAudit } from '@/lib/tenancy/audit';
import { tenantsOf } from '@/lib/tenancy/authorization';
import { createTemplate } from '@/lib/tenancy/template-store';

export const dynamic = 'force-dynamic';

/** Admins see every template; tenants see the ones their tenants may use. */
export const GET = apiRoute('signed-in', async ({ caller, admin }) => {
  const cache = await readyCache();
  if (admin) return { items: cache.templates() };
  const allowed = new Set(tenantsOf(caller, cache.tenants()).flatMap((t) => t.spec.templates));
  return { items: cache.templates().filter((t) => allowed.has(t.name)) };
});

export const POST = apiRoute('admin', async ({ caller, host, request }) => {
  const body = await jsonBody(request);
  await assertTemplateChartVersion(body);
  const name = typeof (body as { name?: unknown })?.name === 'string' ? (body as { name: string }).name : 'unnamed';
  const template = await withAudit(host, { actor: caller, action: 'template.create', message: name }, () => createTemplate(host, body));
  return Response.json(template, { status: 201 });
});
