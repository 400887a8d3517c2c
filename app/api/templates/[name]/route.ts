import { apiRoute, jsonBody } from '@/lib/api/route';
import { notFound } from '@/lib/api/api-error';
import { readyCache } from '@/lib/api/cache';
import { assertTemplateChartVersion } from '@/lib/api/chart-upgrade-actions';
import { withAudit } from '@/lib/tenancy/audit';
import { tenantsOf } from '@/lib/tenancy/authorization';
import { deleteTemplate, findTemplate, updateTemplate } from '@/lib/tenancy/template-store';

export const dynamic = 'force-dynamic';
type Params = { name: string };

export const GET = apiRoute<Params>('signed-in', async ({ caller, admin, host, params }) => {
  const template = await findTemplate(host, params.name);
  const mayUse = admin || tenantsOf(caller, (await readyCache()).tenants()).some((t) => t.spec.templates.includes(params.name));
  if (!template || !mayUse) throw notFound(`template ${params.name} not found`);
  return template;
});

export const PUT = apiRoute<Params>('admin', async ({ caller, host, params, request }) => {
  const body = await jsonBody(request);
  await assertTemplateChartVersion(body);
  return withAudit(host, { actor: caller, action: 'template.update', message: params.name }, () => updateTemplate(host, params.name, body));
});

export const DELETE = apiRoute<Params>('admin', async ({ caller, host, params, request }) => {
  const resourceVersion = new URL(request.url).searchParams.get('resourceVersion') ?? undefined;
  await withAudit(host, { actor: caller, action: 'template.delete', message: params.name }, () => deleteTemplate(host, params.name, { resourceVersion }));
  return new Response(null, { status: 204 });
});
