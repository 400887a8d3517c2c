'use client';
import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Field, TextInput, describedBy } from '@/components/ui/field';
import { CubeIcon } from '@/components/ui/icons';
import { ThemeToggle } from '@/components/shell/theme-toggle';

// next-auth's error codes, in words a user can act on.
const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong user name or password. Check both and try again.',
  SessionRequired: 'Sign in to see this page.',
  OAuthSignin: 'Single sign-on could not start. Try again, or ask an admin to check the identity provider settings.',
  OAuthCallback: 'Single sign-on did not complete. Try again.',
  OAuthAccountNotLinked: 'This account is already linked to another sign-in method.',
  Callback: 'Single sign-on did not complete. Try again.',
  AccessDenied: 'Access denied.',
  RateLimited: 'Too many failed sign-ins for this account or from your address. Wait a few minutes, then try again.',
};

function errorText(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return ERRORS[code] ?? 'Sign-in failed. Try again.';
}

/** The sign-in methods the server has configured; the page offers exactly these. */
export interface SignInMethods {
  local: boolean;
  /** The identity provider's display name when single sign-on is on. */
  sso: string | null;
}

export function SignInClient({ callbackUrl, initialError, methods }: { callbackUrl: string; initialError?: string; methods: SignInMethods }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(errorText(initialError));
  const [ssoPending, setSsoPending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn<'credentials'>('local', { redirect: false, username: username.trim(), password, callbackUrl });
      if (!result || result.error || !result.ok) {
        setError(errorText(result?.error ?? 'CredentialsSignin'));
        setPending(false);
        return;
      }
      // A full load: the server renders the shell with the new session and no earlier cache.
      window.location.assign(callbackUrl);
    } catch {
      setError('Cubby did not answer. Check your connection and try again.');
      setPending(false);
    }
  }

  return (
    <div className="flex min-h-screen flex-col">
      <div className="flex justify-end p-4">
        <ThemeToggle />
      </div>
      <main className="flex flex-1 items-start justify-center px-4 pt-8 pb-16 sm:pt-16">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex flex-col items-center text-center">
            <CubeIcon className="size-10 text-indigo-600 dark:text-indigo-400" />
            <h1 className="mt-3 text-2xl font-semibold tracking-tight">Sign in to Cubby</h1>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Your own virtual Kubernetes clusters, on demand.</p>
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            {error && (
              <Callout kind="error" role="alert" className="mb-4">
                {error}
              </Callout>
            )}
            {!methods.local && !methods.sso && (
              <Callout kind="error" role="alert">
                No sign-in method is configured. An admin sets CUBBY_LOCAL_ACCOUNTS_FILE (local accounts) or CUBBY_OIDC_ISSUER (single sign-on).
              </Callout>
            )}
            {methods.local && (
              <form onSubmit={onSubmit} noValidate className="space-y-4">
                <Field id="username" label="User name">
                  <TextInput
                    id="username"
                    name="username"
                    autoComplete="username"
                    autoCapitalize="none"
                    spellCheck={false}
                    autoFocus
                    required
                    value={username}
                    onChange={(e) => setUsername(e.target.value)}
                    {...describedBy('username', {})}
                  />
                </Field>
                <Field id="password" label="Password">
                  <TextInput id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
                </Field>
                <Button type="submit" loading={pending} className="w-full">
                  {pending ? 'Signing in…' : 'Sign in'}
                </Button>
              </form>
            )}
            {methods.sso && (
              <>
                {methods.local && (
                  <div className="my-5 flex items-center gap-3 text-xs text-slate-500 uppercase dark:text-slate-400">
                    <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
                    or
                    <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
                  </div>
                )}
                <Button
                  variant="secondary"
                  className="w-full"
                  loading={ssoPending}
                  onClick={() => {
                    setSsoPending(true);
                    void signIn('oidc', { callbackUrl });
                  }}
                >
                  Sign in with SSO
                </Button>
                <p className="mt-2 text-center text-xs text-slate-500 dark:text-slate-400">{methods.sso}</p>
              </>
            )}
          </div>
        </div>
      </main>
    </div>
  );
}
