import 'server-only';
// Every gateway request is decided again, twice, like every other thing Cubby does for a tenant:
// Cubby's own check (a kubeconfig credential opens only its vCluster; the caller is a member of
// the tenant or an admin; the vCluster exists), then the host's RBAC (a SubjectAccessReview: may
// this user read the vCluster's kubeconfig Secret `vc-NAME`, which is what holding its admin
// credential means). Any refusal reads exactly like a vCluster that does not exist, so the
// gateway tells nobody which other tenants' vClusters there are.
//
// Inside the vCluster the request is made as the user, impersonated with the vCluster's own admin
// credential. The groups are the user's own plus `cubby:tenant:TENANT` for members and
// `cubby:admins` for Cubby admins; in-vcluster-access.ts binds those two to cluster-admin once, and
// whoever is cluster-admin inside may narrow that afterwards. Names under `system:` (and groups
// under `system:` or `cubby:`) are never impersonated: inside a vCluster they would be its own
// controllers or `system:masters`.
import type { KubeClient } from '@/lib/kube/client';
import type { Identity } from '@/lib/kube/identity';
import { isMember } from '@/lib/tenancy/authorization';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { VClusterError } from '@/lib/vcluster/lifecycle-error';
import { authorizeSecretRead } from '@/lib/vcluster/tenant-authorization';
import { kubeconfigSecretName } from '@/lib/vcluster/vcluster-access';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import type { GatewayCaller } from './gateway-caller';
import { type GatewayRefusal, refusals } from './kube-status';
import { RecentAnswers } from './recent-answers';

export const TENANT_GROUP_PREFIX = 'cubby:tenant:';
export const ADMINS_GROUP = 'cubby:admins';
/** How long the host's yes is reused; a removed RoleBinding counts after at most this long. */
export const HOST_DECISION_TTL_MS = 5_000;

export interface GatewayGrant {
  ref: VClusterRef;
  /** Who the request is inside the vCluster. */
  inside: Identity;
}

const hostDecisions = new RecentAnswers<boolean>(HOST_DECISION_TTL_MS);

export const tenantGroup = (tenant: string): string => `${TENANT_GROUP_PREFIX}${tenant}`;

function reserved(name: string): boolean {
  return name.startsWith('system:') || name.startsWith('cubby:');
}

export function insideIdentity(caller: GatewayCaller, tenant: string, member: boolean): Identity {
  const groups = caller.groups.filter((group) => !reserved(group));
  if (member) groups.push(tenantGroup(tenant));
  if (caller.admin) groups.push(ADMINS_GROUP);
  return { user: caller.user, groups: [...new Set(groups)] };
}

async function hostAllows(host: KubeClient, caller: GatewayCaller, ref: VClusterRef): Promise<boolean> {
  const key = JSON.stringify([caller.user, [...caller.groups].sort(), ref.namespace, ref.name]);
  return hostDecisions.get(key, async () => {
    try {
      await authorizeSecretRead(host, { user: caller.user, groups: caller.groups }, ref, kubeconfigSecretName(ref.name));
      return true;
    } catch (error) {
      if (error instanceof VClusterError && error.status === 404) return false;
      throw error;
    }
  });
}

export async function authorizeGatewayCall(
  cache: HostCache,
  host: KubeClient,
  caller: GatewayCaller,
  tenant: string,
  name: string,
): Promise<GatewayGrant | GatewayRefusal> {
  const missing = refusals.notFound(`vCluster ${tenant}/${name} not found`);
  if (caller.scope && (caller.scope.tenant !== tenant || caller.scope.vcluster !== name)) return missing;
  const tenantObject = cache.tenant(tenant);
  const member = tenantObject !== undefined && isMember(caller, tenantObject);
  if (!member && !caller.admin) return missing;
  const namespace = cache.vclusterNamespace(tenant, name)?.metadata.name;
  if (!namespace) return missing;
  const ref = { tenant, name, namespace };
  // Admins are let in by Cubby's check, as everywhere; tenants by the host's RBAC too.
  if (!caller.admin && !(await hostAllows(host, caller, ref))) return missing;
  if (caller.user.startsWith('system:')) {
    return refusals.forbidden(`Cubby does not act as '${caller.user.slice(0, 64)}' inside a vCluster: names under 'system:' belong to the vCluster's own components.`);
  }
  return { ref, inside: insideIdentity(caller, tenant, member) };
}

export function isRefusal(value: GatewayGrant | GatewayRefusal): value is GatewayRefusal {
  return 'code' in value;
}

/** Tests: forget the host's decisions. */
export function forgetHostDecisions(): void {
  hostDecisions.clear();
}
