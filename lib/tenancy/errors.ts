// The one error type tenancy throws. The HTTP layer maps `status` straight to the response and
// puts `code` (stable, for programs) and `message` (for people) in the JSON body.
import { KubeError } from '@/lib/kube/errors';

export type TenancyErrorCode =
  /** 400: the input is malformed; `field` names the offending field. */
  | 'invalid_input'
  /** 403: the caller may not do this (a template outside the tenant's list, for example). */
  | 'forbidden'
  /** 403: the tenant already has as many vClusters as its quota allows. */
  | 'quota_exceeded'
  /** 404: the object does not exist, or the caller may not know that it does. */
  | 'not_found'
  /** 409: an object with that name exists already. */
  | 'already_exists'
  /** 409: the object changed since the caller read it (stale resourceVersion). */
  | 'conflict'
  /** 409: the object is still referenced (a tenant with vClusters, a template tenants use). */
  | 'in_use'
  /** 503: the audit trail could not be written (audit.ts says whether the action happened). */
  | 'audit_failed'
  /** 500: a tenant was saved but the RBAC in its namespaces could not be brought up to date. */
  | 'access_sync_failed'
  /** 503: the Cubby CRDs are not installed or not yet served. */
  | 'not_installed';

export type TenancyErrorStatus = 400 | 403 | 404 | 409 | 500 | 503;

export class TenancyError extends Error {
  /** What the API error body carries besides code and message. */
  readonly details: { field: string } | undefined;

  constructor(
    readonly status: TenancyErrorStatus,
    readonly code: TenancyErrorCode,
    message: string,
    /** For 400s: the dotted path of the first bad field. */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TenancyError';
    this.details = field === undefined ? undefined : { field };
  }
}

export const invalid = (message: string, field?: string) => new TenancyError(400, 'invalid_input', message, field);
export const notFound = (message: string) => new TenancyError(404, 'not_found', message);

export function isTenancyError(error: unknown, code?: TenancyErrorCode): error is TenancyError {
  return error instanceof TenancyError && (code === undefined || error.code === code);
}

/**
 * Translates the API server's answers that have a meaning for tenancy (409 conflict/exists,
 * 404, 422 invalid) into TenancyErrors; anything else (5xx, unreachable, 403 of Cubby's own
 * service account) is an operator problem and is rethrown as it is.
 */
export function fromKubeError(error: unknown, what: string): unknown {
  if (!(error instanceof KubeError)) return error;
  if (error.status === 409 && error.reason === 'AlreadyExists') {
    return new TenancyError(409, 'already_exists', `${what} already exists.`, undefined, { cause: error });
  }
  if (error.status === 409) {
    return new TenancyError(
      409,
      'conflict',
      `${what} was changed by someone else since it was read; reload it and apply the change again.`,
      undefined,
      { cause: error },
    );
  }
  if (error.status === 404 && error.reason === 'NotFound' && error.message.includes('the server could not find the requested resource')) {
    return new TenancyError(503, 'not_installed', 'The Cubby custom resource definitions are not installed (run ensureCubbyCrds).', undefined, { cause: error });
  }
  if (error.status === 404) return new TenancyError(404, 'not_found', `${what} does not exist.`, undefined, { cause: error });
  if (error.status === 422) {
    return new TenancyError(400, 'invalid_input', `${what} was rejected by the API server: ${error.message}`, undefined, { cause: error });
  }
  return error;
}
