import 'server-only';
// Before Cubby's own identity does something for a tenant, the API server itself decides whether
// the tenant's user may: Cubby asks it with a SubjectAccessReview about that user and their
// groups. The Role that namespace-access.ts puts in each vCluster namespace grants `update`,
// `pause`, `resume` and `delete` on `vclusters.cubby.dev` named after exactly that vCluster, and
// the per-tenant ClusterRole of tenant-cluster-access.ts grants `create` on `tenants/vclusters`
// named after the tenant. So a member of another tenant is refused by the host's RBAC, not only
// by Cubby's own checks, while the tenant's host identity itself can write nothing that changes a
// workload. Reviews need no impersonation right, only `create` on subjectaccessreviews.
import type { KubeClient } from '@/lib/kube/client';
import { type AccessDecision, type ResourceAttributes, reviewAccess } from '@/lib/kube/access-review';
import type { Identity } from '@/lib/kube/identity';
import { VCLUSTER_RESOURCE, type VClusterVerb } from '@/lib/tenancy/namespace-access';
import { TENANT_VCLUSTERS_RESOURCE } from '@/lib/tenancy/tenant-cluster-access';
import { VClusterError, vClusterNotFound } from './lifecycle-error';
import type { VClusterRef } from './vcluster-ref';

/**
 * Who an action is for: a tenant's user (checked by the API server), or Cubby itself after the
 * caller has decided the action is allowed (an admin, or internal cleanup). Spelled out so that a
 * forgotten identity is a type error, not a silently privileged call.
 */
export type Actor = Identity | 'service-account';

export type TenantVerb = VClusterVerb;

/**
 * A grant that was just written (a new vCluster's Role, a new tenant's binding) reaches the
 * API server's authorizer through its informer a moment later; a refusal is asked again until
 * then. Only a refusal waits: Cubby's own checks have already turned strangers away.
 */
const GRANT_SETTLE_MS = 2_000;
const RETRY_MS = 150;

async function decide(client: KubeClient, subject: Identity, attributes: ResourceAttributes): Promise<AccessDecision> {
  const deadline = Date.now() + GRANT_SETTLE_MS;
  for (;;) {
    const decision = await reviewAccess(client, subject, attributes);
    if (decision.allowed || Date.now() >= deadline) return decision;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/** The question asked before `verb` on a vCluster: the RBAC attributes, for tests and audits. */
export function vClusterAccessAttributes(verb: TenantVerb, ref: VClusterRef): ResourceAttributes {
  return { verb, ...VCLUSTER_RESOURCE, name: ref.name, namespace: ref.namespace };
}

/** The question asked before creating a vCluster for `tenant`. */
export function createAccessAttributes(tenant: string): ResourceAttributes {
  return { verb: 'create', ...TENANT_VCLUSTERS_RESOURCE, name: tenant };
}

/** Asks the host whether `actor` may `verb` the vCluster; a refusal reads as not found. */
export async function authorizeTenant(client: KubeClient, actor: Actor, verb: TenantVerb, ref: VClusterRef): Promise<void> {
  if (actor === 'service-account') return;
  const decision = await decide(client, actor, vClusterAccessAttributes(verb, ref));
  if (!decision.allowed) throw vClusterNotFound(ref.tenant, ref.name);
}

/** Asks the host whether `actor` may create vClusters for `tenant`; 403 when not. */
export async function authorizeCreate(client: KubeClient, actor: Actor, tenant: string): Promise<void> {
  if (actor === 'service-account') return;
  const decision = await decide(client, actor, createAccessAttributes(tenant));
  if (!decision.allowed) {
    throw new VClusterError(403, 'forbidden', `The host cluster does not allow '${actor.user}' to create vClusters for tenant '${tenant}'.`, { field: 'tenant' });
  }
}

/**
 * Asks the host whether `actor` may read Secret `secret` of the vCluster (their Role grants `get`
 * on `vc-NAME` and `vc-config-NAME` only); a refusal reads as not found. Cubby then reads it with
 * its own identity: it holds no right to impersonate anyone.
 */
export async function authorizeSecretRead(client: KubeClient, actor: Actor, ref: VClusterRef, secret: string): Promise<void> {
  if (actor === 'service-account') return;
  const decision = await decide(client, actor, { verb: 'get', group: '', resource: 'secrets', name: secret, namespace: ref.namespace });
  if (!decision.allowed) throw vClusterNotFound(ref.tenant, ref.name);
}
