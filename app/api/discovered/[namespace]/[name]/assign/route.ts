import { z } from 'zod';
import { apiRoute, jsonBody } from '@/lib/api/route';
import { ApiError } from '@/lib/api/api-error';
import { withAudit } from '@/lib/tenancy/audit';
import { findTenant } from '@/lib/tenancy/tenant-store';
import { assignToTenant } from '@/lib/vcluster/discovery';

export const dynamic = 'force-dynamic';

const AssignBody = z.strictObject({ tenant: z.string().min(1) });

export const POST = apiRoute<{ namespace: string; name: string }>('admin', async ({ caller, host, params, request }) => {
  const { tenant: tenantName } = AssignBody.parse(await jsonBody(request));
  const tenant = await findTenant(host, tenantName);
  if (!tenant) throw new ApiError(400, 'invalid_request', `tenant '${tenantName}' does not exist`, { field: 'tenant' });
  return withAudit(host, { actor: caller, action: 'vcluster.assign', tenant: tenant.name, vcluster: params.name, message: `namespace ${params.namespace}` }, () =>
    assignToTenant(host, { namespace: params.namespace, name: params.name, tenant, assignedBy: caller.user }),
  );
});
