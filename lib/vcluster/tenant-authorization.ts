import 'server-only';
// Before Cubby's service account does something for a tenant, the API server itself decides
// whether the tenant may: Cubby repeats the tenant's request impersonated, as a dry run. The
// RBAC that namespace-access.ts creates in each vCluster namespace names exactly that vCluster's
// objects, so a member of another tenant is refused by the host, not only by Cubby's own checks,
// and the host's audit log shows the real user.
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import type { Identity } from '@/lib/kube/identity';
import { objectPath, ResourceTypes } from '@/lib/kube/resource-types';
import { vClusterNotFound } from './lifecycle-error';
import type { VClusterRef } from './vcluster-ref';

/**
 * Who an action is for: a tenant's user (impersonated), or Cubby itself after the caller has
 * decided the action is allowed (an admin, or internal cleanup). Spelled out so that a forgotten
 * identity is a type error, not a silently privileged call.
 */
export type Actor = Identity | 'service-account';

export type TenantVerb = 'patch' | 'delete';

/**
 * Asks the host whether `actor` may patch/delete the vCluster's control-plane workload, with a
 * dry run that changes nothing. 404 means RBAC let the request through and only the object is
 * missing (a creation that failed early), which counts as allowed. A refusal reads as not found.
 */
export async function authorizeTenant(client: KubeClient, actor: Actor, verb: TenantVerb, ref: VClusterRef): Promise<void> {
  if (actor === 'service-account') return;
  const asUser = client.as(actor);
  const path = objectPath(ResourceTypes.StatefulSet, ref.name, ref.namespace);
  try {
    await asUser.request({
      method: verb === 'patch' ? 'PATCH' : 'DELETE',
      path,
      query: { dryRun: 'All', ...(verb === 'patch' ? { fieldManager: 'cubby' } : {}) },
      body: verb === 'patch' ? {} : { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] },
      contentType: verb === 'patch' ? 'application/merge-patch+json' : 'application/json',
      ref: { kind: 'StatefulSet', namespace: ref.namespace, name: ref.name },
    });
  } catch (error) {
    if (error instanceof KubeError && error.status === 404) return;
    if (error instanceof KubeError && (error.status === 401 || error.status === 403)) {
      throw vClusterNotFound(ref.tenant, ref.name, error);
    }
    throw error;
  }
}

/** The client an action runs with: impersonating the tenant's user, or Cubby's own. */
export function clientFor(client: KubeClient, actor: Actor): KubeClient {
  return actor === 'service-account' ? client : client.as(actor);
}
