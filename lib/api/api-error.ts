// Errors as the HTTP API answers them: JSON `{ error: { code, message, details? } }` with a
// stable code. Anything thrown in a route ends up here.
import { ZodError } from 'zod';
import { KubeError } from '@/lib/kube/errors';
import { log } from '@/lib/observability/logger';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'not found') => new ApiError(404, 'not_found', what);
export const unauthenticated = () => new ApiError(401, 'unauthenticated', 'sign in or send a personal API token (Authorization: Bearer ...)');
export const forbidden = (message = 'you may not do this') => new ApiError(403, 'forbidden', message);

interface StatusLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

function codeFor(status: number): string {
  return (
    {
      400: 'invalid_request',
      401: 'unauthenticated',
      403: 'forbidden',
      404: 'not_found',
      409: 'conflict',
      413: 'payload_too_large',
      415: 'unsupported_media_type',
      422: 'invalid_request',
      429: 'rate_limited',
    }[status] ??
    (status >= 500 ? 'internal' : 'error')
  );
}

/** Maps any thrown value to an ApiError. Domain errors that carry `status` and `code` keep them. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new ApiError(400, 'invalid_request', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
  }
  if (error instanceof KubeError) {
    if (error.status === 0) return new ApiError(503, 'host_unreachable', error.message);
    if (error.status === 409) return new ApiError(409, 'conflict', error.message);
    if (error.status === 403 || error.status === 404) return notFound();
    if (error.status === 422 || error.status === 400) return new ApiError(400, 'invalid_request', error.message);
    return new ApiError(502, 'host_error', error.message);
  }
  const like = (typeof error === 'object' && error !== null ? error : {}) as StatusLike;
  if (typeof like.status === 'number' && like.status >= 400 && like.status < 600 && typeof like.message === 'string') {
    const code = typeof like.code === 'string' ? like.code : codeFor(like.status);
    return new ApiError(like.status, code, like.message, like.details);
  }
  logUnexpected(error);
  return new ApiError(500, 'internal', 'something went wrong on our side; the error is in the server log');
}

/** What an unexpected error may put in the log: its stack, never an unbounded message or body. */
const MAX_LOGGED = 4000;

function logUnexpected(error: unknown): void {
  let text: string;
  try {
    text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  } catch {
    text = 'an error that cannot be shown';
  }
  log.error({ component: 'api', error: text.length > MAX_LOGGED ? `${text.slice(0, MAX_LOGGED)}… (${text.length - MAX_LOGGED} more characters)` : text }, 'unexpected error in an API route');
}

export function errorResponse(error: unknown): Response {
  const apiError = toApiError(error);
  return Response.json(
    { error: { code: apiError.code, message: apiError.message, ...(apiError.details === undefined ? {} : { details: apiError.details }) } },
    { status: apiError.status },
  );
}
