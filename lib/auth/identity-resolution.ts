import 'server-only';
// Authority is looked up when a credential is used, never frozen into it. A session cookie and
// an API token say only who (user name) and how they signed in (provider); the groups, which
// decide admin rights and tenant membership, come from the source of truth at that moment:
//   - local accounts: the accounts file as it is now (local-accounts.ts). An account removed
//     from the file, or a group removed from it, counts from the next request.
//   - single sign-on: the groups of the user's latest sign-in, kept in the host
//     (sso-sign-ins.ts). API tokens of SSO users also stop working once the user has not signed
//     in for CUBBY_SSO_TOKEN_IDLE_DAYS: Cubby cannot ask the identity provider whether the user
//     still exists, so a token lives only while its owner keeps showing up there.
// Tenant membership (Tenant objects) is read per request anyway, so removing a user from a
// tenant takes effect at once.
import type { KubeClient } from '@/lib/kube/client';
import type { Identity } from '@/lib/kube/identity';
import { authSettings } from '@/lib/tenancy/settings';
import { findLocalAccount } from './local-accounts';
import { findSsoSignIn } from './sso-sign-ins';

export const AUTH_PROVIDERS = ['local', 'oidc'] as const;
export type AuthProvider = (typeof AUTH_PROVIDERS)[number];

export const isAuthProvider = (value: unknown): value is AuthProvider => AUTH_PROVIDERS.includes(value as AuthProvider);

/** Who a credential stands for, without any authority. */
export interface Subject {
  user: string;
  provider: AuthProvider;
}

export interface ResolveOptions {
  /** Tokens of SSO users also end after the idle cutoff. */
  use: 'session' | 'token';
  now?: Date;
  /** Where SSO records live; default CUBBY_NAMESPACE. */
  namespace?: string;
  /** Defaults from the environment. */
  ssoTokenIdleMs?: number;
  ssoConfigured?: boolean;
}

export const ssoConfigured = (): boolean => Boolean(process.env.CUBBY_OIDC_ISSUER);

/** The identity the subject has now, or undefined when it no longer has any (unauthenticated). */
export async function resolveIdentity(host: KubeClient, subject: Subject, options: ResolveOptions): Promise<Identity | undefined> {
  if (!subject.user) return undefined;
  if (subject.provider === 'local') {
    const account = findLocalAccount(subject.user);
    return account ? { user: account.username, groups: [...account.groups] } : undefined;
  }
  // Turning single sign-on off ends its sessions and tokens too.
  if (!(options.ssoConfigured ?? ssoConfigured())) return undefined;
  const signIn = await findSsoSignIn(host, subject.user, { namespace: options.namespace });
  if (!signIn) return undefined;
  if (options.use === 'token') {
    const idle = options.ssoTokenIdleMs ?? authSettings().ssoTokenIdleMs;
    const now = options.now ?? new Date();
    if (now.getTime() - signIn.signedInAt.getTime() > idle) return undefined;
  }
  return { user: signIn.user, groups: signIn.groups };
}
