import 'server-only';
// The one wrapper every route handler goes through: who is calling (API token or session), a
// CSRF check for cookie-authenticated changes, admin-only routes, and errors as JSON.
import type { KubeClient } from '@/lib/kube/client';
import { hostClient } from '@/lib/kube/host-client';
import { bearerToken, callerFromSession, type Caller } from '@/lib/auth/request-identity';
import { verifyApiToken } from '@/lib/tenancy/api-tokens';
import { isAdmin } from '@/lib/tenancy/authorization';
import { adminGroupFromEnv } from '@/lib/tenancy/settings';
import { errorResponse, forbidden, unauthenticated, ApiError } from './api-error';

export interface RouteContext<P> {
  request: Request;
  params: P;
  caller: Caller;
  admin: boolean;
  host: KubeClient;
}

type Access = 'signed-in' | 'admin';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function resolveCaller(request: Request, host: KubeClient): Promise<Caller | undefined> {
  const token = bearerToken(request);
  if (token) {
    const identity = await verifyApiToken(host, token);
    // A bad token is an answer in itself: no fallback to the cookie.
    return identity ? { ...identity, method: 'token' } : undefined;
  }
  return callerFromSession();
}

/** Cookies ride along on cross-site requests; changes made with them must come from our own pages. */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (site && site !== 'same-origin' && site !== 'none') throw forbidden('cross-site request refused');
  if (origin && host && new URL(origin).host !== host) throw forbidden('cross-site request refused');
  if (!origin && !site) throw forbidden('request without Origin refused; send it from the Cubby page or use an API token');
}

export function apiRoute<P = Record<string, never>>(access: Access, handler: (ctx: RouteContext<P>) => Promise<unknown>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const host = hostClient();
      const caller = await resolveCaller(request, host);
      if (!caller) throw unauthenticated();
      if (caller.method === 'session' && MUTATING.has(request.method)) assertSameOrigin(request);
      const admin = isAdmin(caller, adminGroupFromEnv());
      if (access === 'admin' && !admin) throw forbidden('only admins may do this');
      const result = await handler({ request, params: await context.params, caller, admin, host });
      if (result instanceof Response) return result;
      return Response.json(result ?? { ok: true });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Parses a JSON body; a body that is not JSON is a 400, not a 500. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, 'invalid_request', 'the request body must be JSON');
  }
}
