// Tenancy decisions, as pure functions over an identity and tenants already read from the
// cluster. They are Cubby's first check; the RBAC from namespace-access.ts is the second, made
// asked of the API server (a SubjectAccessReview) before every action for a tenant's user.
import type { Identity } from '@/lib/kube/identity';
import { TenancyError } from './errors';
import type { Tenant } from './model';
import { adminGroupFromEnv } from './settings';

/** Admins are the members of one configured group (CUBBY_ADMIN_GROUP, default `cubby:admins`). */
export function isAdmin(identity: Identity, adminGroup: string = adminGroupFromEnv()): boolean {
  return identity.groups.includes(adminGroup);
}

/** A member by user name or by any of their groups. */
export function isMember(identity: Identity, tenant: Tenant): boolean {
  const { users, groups } = tenant.spec.members;
  return users.includes(identity.user) || identity.groups.some((group) => groups.includes(group));
}

/** The tenants the identity belongs to (a user may be in several). */
export function tenantsOf(identity: Identity, tenants: readonly Tenant[]): Tenant[] {
  return tenants.filter((tenant) => isMember(identity, tenant));
}

/** What the identity may see: every tenant for admins, their own for everyone else. */
export function visibleTenants(identity: Identity, tenants: readonly Tenant[], adminGroup?: string): Tenant[] {
  return isAdmin(identity, adminGroup) ? [...tenants] : tenantsOf(identity, tenants);
}

/**
 * Throws unless the identity is an admin or a member. Answers 404, the same as for a tenant that
 * does not exist (pass `undefined` for that), so outsiders cannot probe tenant names.
 */
export function assertTenantAccess(identity: Identity, tenant: Tenant | undefined, adminGroup?: string): asserts tenant is Tenant {
  if (tenant && (isAdmin(identity, adminGroup) || isMember(identity, tenant))) return;
  throw new TenancyError(404, 'not_found', tenant ? `Tenant '${tenant.name}' does not exist.` : 'Tenant does not exist.');
}

export function canUseTemplate(tenant: Tenant, templateName: string): boolean {
  return tenant.spec.templates.includes(templateName);
}

/**
 * 403 `forbidden` for a template the tenant may not use. Whether the template exists is not
 * said: a member learns only the names on their tenant's list.
 */
export function assertTemplateAllowed(tenant: Tenant, templateName: string): void {
  if (canUseTemplate(tenant, templateName)) return;
  const offered = tenant.spec.templates.length > 0 ? ` It may use: ${tenant.spec.templates.join(', ')}.` : ' It may not use any template yet; ask an admin.';
  throw new TenancyError(403, 'forbidden', `Tenant '${tenant.name}' may not use template '${templateName}'.${offered}`, 'template');
}

/**
 * Refuses one more vCluster when the tenant already has `currentCount` (see
 * countTenantVClusters). 403 `quota_exceeded`, as the API server itself answers a request over a
 * ResourceQuota: the request is understood and valid but refused by policy, and repeating it
 * unchanged will not help until something is deleted or the limit raised. (409 would suggest
 * the caller's view is stale and a retry could succeed.)
 *
 * The count is read before creating, so two creations racing for the last slot can both pass;
 * provisioning closes that window by counting again once its namespace exists and deleting it
 * if the tenant is then over its limit.
 */
export function checkQuota(tenant: Tenant, currentCount: number): void {
  const limit = tenant.spec.quota.maxVClusters;
  if (currentCount < limit) return;
  const message =
    limit === 0
      ? `Tenant '${tenant.name}' may not create vClusters: its quota allows 0.`
      : `Tenant '${tenant.name}' may have at most ${limit} vCluster${limit === 1 ? '' : 's'} and has ${currentCount}; delete one or ask an admin to raise the limit.`;
  throw new TenancyError(403, 'quota_exceeded', message);
}
