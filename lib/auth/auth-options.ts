import 'server-only';
// next-auth configuration: local accounts and an OIDC provider, each when configured. The session
// (a signed, encrypted JWT cookie, CUBBY_SESSION_HOURS long) carries the user name and how they
// signed in, and nothing that grants anything: groups are looked up on every request
// (identity-resolution.ts). A single sign-on's groups are stored in the host at sign-in
// (sso-sign-ins.ts); a sign-in whose groups cannot be stored fails.
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { hostClient } from '@/lib/kube/host-client';
import { authSettings } from '@/lib/tenancy/settings';
import { isAuthProvider, type AuthProvider } from './identity-resolution';
import { currentLocalAccounts, verifyLocalAccount, type LocalAccount } from './local-accounts';
import { recordSsoSignIn } from './sso-sign-ins';
import { errorFields, log } from '@/lib/observability/logger';

interface OidcProfile {
  sub: string;
  email?: string;
  preferred_username?: string;
  name?: string;
  [claim: string]: unknown;
}

function oidcProvider(): OAuthConfig<OidcProfile> | undefined {
  const issuer = process.env.CUBBY_OIDC_ISSUER;
  if (!issuer) return undefined;
  const clientId = process.env.CUBBY_OIDC_CLIENT_ID;
  const clientSecret = process.env.CUBBY_OIDC_CLIENT_SECRET;
  if (!clientId || !clientSecret) throw new Error('CUBBY_OIDC_ISSUER is set: CUBBY_OIDC_CLIENT_ID and CUBBY_OIDC_CLIENT_SECRET are needed too');
  const groupsClaim = process.env.CUBBY_OIDC_GROUPS_CLAIM ?? 'groups';
  return {
    id: 'oidc',
    name: process.env.CUBBY_OIDC_NAME ?? 'Single sign-on',
    type: 'oauth',
    wellKnown: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    idToken: true,
    checks: ['pkce', 'state'],
    authorization: { params: { scope: `openid email profile ${process.env.CUBBY_OIDC_EXTRA_SCOPES ?? ''}`.trim() } },
    profile(profile) {
      const groups = profile[groupsClaim];
      return {
        id: profile.preferred_username ?? profile.email ?? profile.sub,
        name: profile.preferred_username ?? profile.email ?? profile.sub,
        email: profile.email,
        groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      };
    },
  };
}

/** What the sign-in route (sign-in-route.ts) wants to hear about each attempt. */
export interface SignInObserver {
  /** A local sign-in attempt and its account when the password matched. */
  local(username: string, account: LocalAccount | undefined): Promise<void>;
  /** A single sign-on that succeeded (its groups are stored) or could not be completed. */
  sso(user: string, groups: string[], stored: boolean): Promise<void>;
}

/** What the session cookie holds. */
export interface SessionSubject {
  username?: string;
  provider?: AuthProvider;
}

export function authOptions(observer?: SignInObserver): AuthOptions {
  const oidc = oidcProvider();
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: authSettings().sessionMaxAgeSeconds },
    useSecureCookies: (process.env.NEXTAUTH_URL ?? '').startsWith('https://'),
    pages: { signIn: '/signin' },
    providers: [
      // Local accounts are on only with an accounts file: either way of signing in can be off.
      ...(process.env.CUBBY_LOCAL_ACCOUNTS_FILE
        ? [
            CredentialsProvider({
              id: 'local',
              name: 'Local account',
              credentials: { username: { label: 'User name', type: 'text' }, password: { label: 'Password', type: 'password' } },
              async authorize(credentials) {
                // A JSON body can hold anything where a form holds strings.
                const username = typeof credentials?.username === 'string' ? credentials.username : '';
                const password = typeof credentials?.password === 'string' ? credentials.password : '';
                const account = username && password ? verifyLocalAccount(currentLocalAccounts(), username, password) : undefined;
                await observer?.local(username, account);
                if (!account) return null;
                return { id: account.username, name: account.displayName ?? account.username };
              },
            }),
          ]
        : []),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== 'oidc') return true;
        const groups = (user as { groups?: string[] }).groups ?? [];
        try {
          await recordSsoSignIn(hostClient(), { user: user.id, groups, signedInAt: new Date() });
        } catch (error) {
          log.error({ component: 'auth', ...errorFields(error) }, 'single sign-on of a user refused: their groups could not be stored');
          await observer?.sso(user.id, groups, false);
          return false;
        }
        await observer?.sso(user.id, groups, true);
        return true;
      },
      jwt({ token, user, account }) {
        if (user) {
          token.username = user.id;
          token.provider = account?.provider;
        }
        // Sessions made before groups were resolved per request carry them; they mean nothing now.
        delete token.groups;
        return token;
      },
      session({ session, token }) {
        const subject: SessionSubject = {
          username: typeof token.username === 'string' ? token.username : undefined,
          provider: isAuthProvider(token.provider) ? token.provider : undefined,
        };
        return { ...session, user: { ...session.user, ...subject } };
      },
    },
  };
}
