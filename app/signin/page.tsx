import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/app/(console)/session';
import { SignInClient } from './client';

export const metadata: Metadata = { title: 'Sign in' };

/** Only paths of this site: an open redirect would send users anywhere after signing in. */
function safeCallback(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return '/';
  try {
    const base = 'http://cubby.invalid';
    const url = new URL(value, base);
    const local = value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') && url.origin === base;
    if (local) return `${url.pathname}${url.search}${url.hash}`;
    // next-auth sends absolute URLs of our own origin; keep their path.
    const own = process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : undefined;
    if (own && url.origin === own) return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    // not a URL at all
  }
  return '/';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const error = Array.isArray(params.error) ? params.error[0] : params.error;
  const methods = {
    local: Boolean(process.env.CUBBY_LOCAL_ACCOUNTS_FILE),
    sso: process.env.CUBBY_OIDC_ISSUER ? (process.env.CUBBY_OIDC_NAME ?? 'Single sign-on') : null,
  };
  return <SignInClient callbackUrl={callbackUrl} initialError={error} methods={methods} />;
}
