import 'server-only';
// next-auth configuration: local accounts always, an OIDC provider when configured. The session
// (a signed, encrypted JWT cookie) carries the user name and groups; groups decide everything.
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { loadLocalAccounts, verifyLocalAccount } from './local-accounts';

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

export function authOptions(): AuthOptions {
  const oidc = oidcProvider();
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    useSecureCookies: (process.env.NEXTAUTH_URL ?? '').startsWith('https://'),
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        id: 'local',
        name: 'Local account',
        credentials: { username: { label: 'User name', type: 'text' }, password: { label: 'Password', type: 'password' } },
        authorize(credentials) {
          if (!credentials?.username || !credentials.password) return null;
          const account = verifyLocalAccount(loadLocalAccounts(), credentials.username, credentials.password);
          if (!account) return null;
          return { id: account.username, name: account.displayName ?? account.username, groups: account.groups };
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.username = user.id;
          token.groups = (user as { groups?: string[] }).groups ?? [];
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, username: token.username as string, groups: (token.groups as string[]) ?? [] } };
      },
    },
  };
}
