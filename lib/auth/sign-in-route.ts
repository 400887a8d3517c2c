import 'server-only';
// next-auth's route (/api/auth/...), wrapped so that every sign-in attempt is bounded, rate
// limited and audited:
//   - POST bodies are read with a byte cap (413) before next-auth parses them;
//   - local sign-ins (POST /api/auth/callback/local) are refused with 429 and Retry-After while
//     the account name or the client address has used up its failures (sign-in-limiter.ts);
//   - each attempt is recorded: `auth.signin` success or denied (wrong password, unknown user,
//     rate limited), single sign-on successes with their groups, and SSO callbacks that come
//     back with an error.
// next-auth's options are built per request so its callbacks know the client address.
import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { hostClient } from '@/lib/kube/host-client';
import { readCappedText } from '@/lib/api/json-body';
import { errorResponse } from '@/lib/api/api-error';
import { recordQuietly } from '@/lib/tenancy/audit';
import { authOptions, type SignInObserver } from './auth-options';
import { clientAddress } from './client-address';
import { signInLimiter, type Refusal } from './sign-in-limiter';

/** A sign-in form is a CSRF token, two fields and a callback URL. */
export const MAX_AUTH_BODY_BYTES = 16 * 1024;

interface NextAuthContext {
  params: Promise<{ nextauth: string[] }>;
}

function usernameOf(text: string, contentType: string | null): string {
  try {
    if (contentType?.includes('application/json')) {
      const value = (JSON.parse(text) as { username?: unknown } | null)?.username;
      return typeof value === 'string' ? value : '';
    }
    return new URLSearchParams(text).get('username') ?? '';
  } catch {
    return '';
  }
}

function rateLimited(refusal: Refusal): Response {
  const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
  const message = `Too many failed sign-ins ${refusal.by === 'account' ? 'for this account' : 'from your address'}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  const base = process.env.NEXTAUTH_URL ?? 'http://localhost';
  // next-auth's client reads `url` and takes the error code from its query.
  const url = new URL('/signin', base);
  url.searchParams.set('error', 'RateLimited');
  return Response.json(
    { url: url.toString(), error: { code: 'rate_limited', message } },
    { status: 429, headers: { 'Retry-After': String(refusal.retryAfterSeconds), 'Cache-Control': 'no-store' } },
  );
}

function observer(address: string): SignInObserver {
  const limiter = signInLimiter();
  return {
    async local(username, account) {
      if (account) await limiter.succeeded(username);
      else await limiter.failed(username, address);
      await recordQuietly(
        hostClient(),
        {
          actor: account ? { user: account.username, groups: account.groups } : { user: username || '(empty)' },
          action: 'auth.signin',
          result: account ? 'success' : 'denied',
          message: account ? `local account, from ${address}` : `local account: wrong user name or password, from ${address}`,
        },
        // A guessing run from one address shares one budget in the trail.
        { throttleKey: `signin:${address}:${account ? 'ok' : 'failed'}` },
      );
    },
    async sso(user, groups, stored) {
      await recordQuietly(
        hostClient(),
        {
          actor: { user, groups },
          action: 'auth.signin',
          result: stored ? 'success' : 'failed',
          message: stored ? `single sign-on, from ${address}` : `single sign-on: the groups could not be stored, from ${address}`,
        },
        { throttleKey: `signin:${address}:sso` },
      );
    },
  };
}

export function signInRoute() {
  return async (request: NextRequest, context: NextAuthContext): Promise<Response> => {
    try {
      const [action, provider] = (await context.params).nextauth ?? [];
      const address = clientAddress(request);
      let forwarded = request;
      if (request.method === 'POST') {
        const text = await readCappedText(request, MAX_AUTH_BODY_BYTES);
        forwarded = new NextRequest(request.url, { method: 'POST', headers: request.headers, body: text });
        if (action === 'callback' && provider === 'local') {
          const username = usernameOf(text, request.headers.get('content-type'));
          const refusal = await signInLimiter().check(username, address);
          if (refusal) {
            await recordQuietly(
              hostClient(),
              { actor: { user: username || '(empty)' }, action: 'auth.signin', result: 'denied', message: `local account: rate limited (${refusal.by}), from ${address}` },
              { throttleKey: `signin:${address}:limited` },
            );
            return rateLimited(refusal);
          }
        }
      }
      const response = (await NextAuth(forwarded, context, authOptions(observer(address)))) as Response;
      if (action === 'callback' && provider && provider !== 'local') await recordSsoError(response, provider, address);
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** An SSO callback that ends on next-auth's error page or `?error=` never reached signIn. */
async function recordSsoError(response: Response, provider: string, address: string): Promise<void> {
  const location = response.headers.get('location');
  if (!location) return;
  let error: string | null = null;
  try {
    error = new URL(location, 'http://cubby.invalid').searchParams.get('error');
  } catch {
    return;
  }
  // AccessDenied is what signIn's own refusal turns into; it was recorded there.
  if (!error || error === 'AccessDenied') return;
  await recordQuietly(
    hostClient(),
    { actor: { user: '(unknown)' }, action: 'auth.signin', result: 'denied', message: `single sign-on (${provider.slice(0, 40)}) failed: ${error.slice(0, 100)}, from ${address}` },
    { throttleKey: `signin:${address}:sso-failed` },
  );
}
