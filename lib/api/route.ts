import 'server-only';
// The one wrapper every route handler goes through: who is calling (API token or session, with
// groups resolved now), a CSRF check for cookie-authenticated changes, admin-only routes,
// errors as JSON, an audit record for every denied request and every refused change that
// the action itself did not already record, and for every request a request id (X-Request-Id,
// in the answer and the log line), a JSON log line and the duration metric by route template.
import { randomUUID } from 'node:crypto';
import type { KubeClient } from '@/lib/kube/client';
import { hostClient } from '@/lib/kube/host-client';
import { clientAddress } from '@/lib/auth/client-address';
import { isAuthProvider, resolveIdentity } from '@/lib/auth/identity-resolution';
import { bearerToken, callerFromSession, type Caller } from '@/lib/auth/request-identity';
import { crossSiteRefusal } from '@/lib/auth/same-origin';
import { verifyApiToken } from '@/lib/tenancy/api-tokens';
import { recordQuietly, wasRecorded, type AuditActor } from '@/lib/tenancy/audit';
import { isAdmin } from '@/lib/tenancy/authorization';
import { labelHash } from '@/lib/tenancy/label-hash';
import { adminGroupFromEnv } from '@/lib/tenancy/settings';
import { log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import { routeTemplate } from '@/lib/observability/route-template';
import { errorResponse, forbidden, toApiError, unauthenticated, type ApiError } from './api-error';

export { jsonBody } from './json-body';

export interface RouteContext<P> {
  request: Request;
  params: P;
  caller: Caller;
  admin: boolean;
  host: KubeClient;
}

type Access = 'signed-in' | 'admin';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Stands for callers without a valid credential in the audit trail (as Kubernetes names them). */
export const ANONYMOUS = 'system:anonymous';

export async function resolveCaller(request: Request, host: KubeClient): Promise<Caller | undefined> {
  const token = bearerToken(request);
  if (token) {
    // A bad token is an answer in itself: no fallback to the cookie.
    const verified = await verifyApiToken(host, token);
    if (!verified || !isAuthProvider(verified.provider)) return undefined;
    const subject = { user: verified.user, provider: verified.provider };
    const identity = await resolveIdentity(host, subject, { use: 'token' });
    return identity ? { ...identity, method: 'token', provider: subject.provider, tokenId: verified.id } : undefined;
  }
  return callerFromSession(host);
}

/** Tenant and vCluster named by the path, so admins can filter the trail on them. */
function pathSubjects(path: string): { tenant?: string; vcluster?: string } {
  const parts = path.split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  if (parts[1] === 'api' && parts[2] === 'vclusters' && parts[3]) return { tenant: parts[3], vcluster: parts[4] };
  if (parts[1] === 'api' && parts[2] === 'tenants' && parts[3]) return { tenant: parts[3] };
  return {};
}

/** Records a refusal; never throws (recordQuietly cuts, throttles and logs). */
async function recordRefusal(host: KubeClient | undefined, request: Request, caller: Caller | undefined, error: ApiError): Promise<void> {
  if (!host) return;
  const denied = error.status === 401 || error.status === 403;
  if (!denied && !MUTATING.has(request.method)) return;
  let address = 'unknown';
  let path = '';
  try {
    address = clientAddress(request);
    path = new URL(request.url).pathname;
  } catch {
    // Settings or URL unreadable: the record still says what was refused.
  }
  const actor: AuditActor = caller ? { user: caller.user, groups: caller.groups } : { user: ANONYMOUS };
  const how = caller ? (caller.method === 'token' ? 'with an API token' : 'signed in') : bearerToken(request) ? 'with an invalid API token' : 'without credentials';
  const action = denied ? 'request.denied' : 'change.refused';
  await recordQuietly(
    host,
    {
      actor,
      action,
      ...pathSubjects(path),
      result: denied ? 'denied' : 'failed',
      message: `${request.method} ${path.slice(0, 300)} ${how} from ${address}: ${error.status} ${error.code}: ${error.message}`,
    },
    // Anonymous floods share one budget per address; callers get one each.
    { throttleKey: caller ? `${labelHash(caller.user)}:${action}` : `${ANONYMOUS}:${address}:${action}` },
  );
}

/** A caller's own request id when it looks like one (a proxy's, a client's), else a new one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
}

function pathnameOf(request: Request): string {
  try {
    return new URL(request.url).pathname;
  } catch {
    return '';
  }
}

export function apiRoute<P = Record<string, never>>(access: Access, handler: (ctx: RouteContext<P>) => Promise<unknown>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    let host: KubeClient | undefined;
    let caller: Caller | undefined;
    let params: P | undefined;
    let response: Response;
    try {
      host = hostClient();
      params = await context.params;
      caller = await resolveCaller(request, host);
      if (!caller) throw unauthenticated();
      if (caller.method === 'session' && MUTATING.has(request.method)) {
        const refusal = crossSiteRefusal(request);
        if (refusal) throw forbidden(refusal);
      }
      const admin = isAdmin(caller, adminGroupFromEnv());
      if (access === 'admin' && !admin) throw forbidden('only admins may do this');
      const result = await handler({ request, params, caller, admin, host });
      response = result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 400 && apiError.status < 500 && !wasRecorded(error)) await recordRefusal(host, request, caller, apiError);
      response = errorResponse(apiError);
    }
    const route = routeTemplate(pathnameOf(request), params as Record<string, unknown> | undefined);
    const seconds = (performance.now() - started) / 1000;
    metrics().httpDuration.observe({ route, method: request.method, status: String(response.status) }, seconds);
    const line = { requestId, method: request.method, route, status: response.status, ms: Math.round(seconds * 1000), user: caller?.user };
    if (response.status >= 500) log.error(line, 'request failed');
    else log.info(line, 'request');
    try {
      response.headers.set('X-Request-Id', requestId);
    } catch {
      // A Response with immutable headers (a redirect from fetch): the log line still has the id.
    }
    return response;
  };
}
