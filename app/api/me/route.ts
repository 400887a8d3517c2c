import { apiRoute } from '@/lib/api/route';
import { readyCache } from '@/lib/api/cache';
import { visibleTenantNames } from '@/lib/api/vcluster-views';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('signed-in', async ({ caller, admin }) => ({
  user: caller.user,
  groups: caller.groups,
  admin,
  tenants: [...visibleTenantNames(await readyCache(), caller, admin)].sort(),
}));
