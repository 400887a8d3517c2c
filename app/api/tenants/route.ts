import { apiRoute, jsonBody } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { withAudit } from '@/lib/tenancy/audit';
import { visibleTenants } from '@/lib/tenancy/authorization';
import { createTenant } from '@/lib/tenancy/tenant-store';

export const dynamic = 'force-dynamic';

/** Admins see every tenant; members see their own. */
export const GET = apiRoute('signed-in', async ({ caller }) => ({ items: visibleTenants(caller, (await readyCache()).tenants()) }));

export const POST = apiRoute('admin', async ({ caller, host, request }) => {
  const body = await jsonBody(request);
  const name = typeof (body as { name?: unknown })?.name === 'string' ? (body as { name: string }).name : undefined;
  const tenant = await withAudit(host, { actor: caller, action: 'tenant.create', tenant: name }, () => createTenant(host, body));
  return Response.json(tenant, { status: 201 });
});
