import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { templatesForCaller } from '@/lib/api/catalog-views';
import { assertTemplateChartVersion } from '@/lib/api/chart-upgrade-actions';
import { withAudit } from '@/lib/tenancy/audit';
import { createTemplate } from '@/lib/tenancy/template-store';

export const dynamic = 'force-dynamic';

/** Admins see every template; tenants see the ones their tenants may use. */
export const GET = apiRoute('signed-in', async ({ caller, admin }) => ({ items: templatesForCaller(await readyCache(), caller, admin) }));

export const POST = apiRoute('admin', async ({ caller, host, request }) => {
  const body = await jsonBody(request);
  await assertTemplateChartVersion(body);
  const name = typeof (body as { name?: unknown })?.name === 'string' ? (body as { name: string }).name : 'unnamed';
  const template = await withAudit(host, { actor: caller, action: 'template.create', message: name }, () => createTemplate(host, body));
  return Response.json(template, { status: 201 });
});
