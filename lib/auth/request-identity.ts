import 'server-only';
// Who is calling: a personal API token (Authorization: Bearer) or the next-auth session cookie.
// Either names a subject (user and provider); its groups are resolved now
// (identity-resolution.ts), so a caller whose account or membership is gone is refused at once.
import { getServerSession } from 'next-auth/next';
import { cache } from 'react';
import type { KubeClient } from '@/lib/kube/client';
import type { Identity } from '@/lib/kube/identity';
import { hostClient } from '@/lib/kube/host-client';
import { authOptions, type SessionSubject } from './auth-options';
import { resolveIdentity, type AuthProvider } from './identity-resolution';

export type AuthMethod = 'token' | 'session';

export interface Caller extends Identity {
  method: AuthMethod;
  provider: AuthProvider;
  /** The API token used, for method 'token'. */
  tokenId?: string;
}

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The session's subject as the cookie says, before any lookup. */
export async function sessionSubject(): Promise<{ user: string; provider: AuthProvider } | undefined> {
  const session = await getServerSession(authOptions());
  const user = session?.user as SessionSubject | undefined;
  // A cookie from before providers were recorded names no provider: it must sign in again.
  if (!user?.username || !user.provider) return undefined;
  return { user: user.username, provider: user.provider };
}

/**
 * The session's caller for a page render, asked once per request however many layouts, pages and
 * prefetches ask (an SSO caller's groups are a read from the host).
 */
export const pageCaller = cache((): Promise<Caller | undefined> => callerFromSession());

export async function callerFromSession(host: KubeClient = hostClient()): Promise<Caller | undefined> {
  const subject = await sessionSubject();
  if (!subject) return undefined;
  const identity = await resolveIdentity(host, subject, { use: 'session' });
  return identity ? { ...identity, method: 'session', provider: subject.provider } : undefined;
}
