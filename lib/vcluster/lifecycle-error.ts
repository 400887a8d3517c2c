// The one error type the vCluster lifecycle throws for answers a caller must show: the HTTP layer
// (lib/api/api-error.ts) keeps `status`, `code` and `details` as they are. Errors of the host
// itself (KubeError 5xx, unreachable) are rethrown untouched: they are operator problems.
import { KubeError } from '@/lib/kube/errors';

export type VClusterErrorCode =
  /** 400: the vCluster name is not usable (DNS-1123, length, namespace length). */
  | 'invalid_name'
  /** 400: a chart value is not allowed by the chart's schema; `details.key` names it. */
  | 'invalid_values'
  /** 400: malformed input other than names, options and values (bad expiration, ...). */
  | 'invalid_input'
  /** 403: the template is not on the tenant's list, or the actor may not do this. */
  | 'forbidden'
  /** 403: the tenant already has as many vClusters as its quota allows. */
  | 'quota_exceeded'
  /** 404: no such vCluster, or one the caller may not know exists. */
  | 'not_found'
  /** 409: the name is taken (a finished vCluster, or a namespace that is not this one). */
  | 'already_exists'
  /** 409: the vCluster changed since the caller read it (expected version is stale). */
  | 'conflict'
  /** 409: the vCluster is being deleted. */
  | 'being_deleted'
  /** 409: the action does not fit the vCluster (imported without a template, ...). */
  | 'unsupported'
  /** 409: the vCluster is not far enough yet (no kubeconfig written, no control plane). */
  | 'not_ready'
  /** 500: helm failed for a reason other than the values (chart missing, template error). */
  | 'render_failed'
  /** 502: the vCluster's own API server could not be reached or refused Cubby. */
  | 'vcluster_unreachable'
  /** 409: paused by hand; sleep mode does not wake it (wake-on-use.ts). */
  | 'paused_by_hand'
  /** 503: waking from sleep and not answering yet; `details.retryAfterSeconds` says when to try. */
  | 'waking';

export type VClusterErrorStatus = 400 | 403 | 404 | 409 | 500 | 502 | 503;

export class VClusterError extends Error {
  constructor(
    readonly status: VClusterErrorStatus,
    readonly code: VClusterErrorCode,
    message: string,
    /** Extra fields for the API error body, e.g. `{ key: 'sync.ingresses' }`. */
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VClusterError';
  }
}

export function isVClusterError(error: unknown, code?: VClusterErrorCode): error is VClusterError {
  return error instanceof VClusterError && (code === undefined || error.code === code);
}

/**
 * The one answer for "absent" and "not yours": a tenant probing another tenant's vCluster must
 * not learn whether it exists, so both read the same.
 */
export function vClusterNotFound(tenant: string, name: string, cause?: unknown): VClusterError {
  return new VClusterError(404, 'not_found', `vCluster '${name}' of tenant '${tenant}' was not found.`, undefined, { cause });
}

/** 401/403/404 of a call made for a tenant mean "not allowed or not there": both become not_found. */
export function deniedAsNotFound(error: unknown, tenant: string, name: string): unknown {
  if (error instanceof KubeError && (error.status === 401 || error.status === 403 || error.status === 404)) {
    return vClusterNotFound(tenant, name, error);
  }
  return error;
}
