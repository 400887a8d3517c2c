import { apiRoute, jsonBody } from '@/lib/api/route';
import { withAudit } from '@/lib/tenancy/audit';
import { assertTenantAccess } from '@/lib/tenancy/authorization';
import { deleteTenant, findTenant, updateTenant } from '@/lib/tenancy/tenant-store';

export const dynamic = 'force-dynamic';
type Params = { name: string };

// A direct read, not the cache: editors need the newest resourceVersion to save against.
export const GET = apiRoute<Params>('signed-in', async ({ caller, host, params }) => {
  const tenant = await findTenant(host, params.name);
  assertTenantAccess(caller, tenant);
  return tenant;
});

export const PUT = apiRoute<Params>('admin', async ({ caller, host, params, request }) => {
  const body = await jsonBody(request);
  return withAudit(host, { actor: caller, action: 'tenant.update', tenant: params.name }, () => updateTenant(host, params.name, body));
});

export const DELETE = apiRoute<Params>('admin', async ({ caller, host, params, request }) => {
  const resourceVersion = new URL(request.url).searchParams.get('resourceVersion') ?? undefined;
  await withAudit(host, { actor: caller, action: 'tenant.delete', tenant: params.name }, () => deleteTenant(host, params.name, { resourceVersion }));
  return new Response(null, { status: 204 });
});
