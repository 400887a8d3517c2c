// Who the caller is and which templates they may use, from the host cache: the answers of
// GET /api/me and GET /api/templates, which pages also render on the server (page-prefetch.ts).
import type { Identity } from '@/lib/kube/identity';
import type { Me } from '@/lib/client/api-types';
import type { Template } from '@/lib/tenancy/model';
import { tenantsOf } from '@/lib/tenancy/authorization';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { visibleTenantNames } from './vcluster-views';

export function meView(cache: HostCache, caller: Identity, admin: boolean): Me {
  return { user: caller.user, groups: caller.groups, admin, tenants: [...visibleTenantNames(cache, caller, admin)].sort() };
}

/** Admins see every template; tenants see the ones their tenants may use. */
export function templatesForCaller(cache: HostCache, caller: Identity, admin: boolean): Template[] {
  if (admin) return cache.templates();
  const allowed = new Set(tenantsOf(caller, cache.tenants()).flatMap((t) => t.spec.templates));
  return cache.templates().filter((t) => allowed.has(t.name));
}
