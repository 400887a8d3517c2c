'use client';
// The frame of every signed-in page: top bar with navigation, theme toggle, the user and
// sign-out; and the one subscription to the change stream that keeps every page live.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { meQuery } from '@/lib/client/queries';
import { useChangeStream } from '@/lib/client/use-change-stream';
import { cx } from '@/components/ui/cx';
import { CubeIcon, LogOutIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { ThemeToggle } from './theme-toggle';

interface NavItem {
  href: string;
  label: string;
  /** Whether a path belongs to this item. */
  match: (path: string) => boolean;
}

const NAV: NavItem[] = [
  { href: '/', label: 'My vClusters', match: (p) => p === '/' || p.startsWith('/vclusters') },
  { href: '/tokens', label: 'API tokens', match: (p) => p.startsWith('/tokens') },
];
const ADMIN: NavItem = { href: '/admin', label: 'Admin', match: (p) => p.startsWith('/admin') };

/** Cubby's session first, then the identity provider's when the user came by single sign-on. */
async function signOutEverywhere(): Promise<void> {
  let providerLogoutUrl: string | null = null;
  try {
    const response = await fetch('/api/session/logout', { cache: 'no-store' });
    if (response.ok) providerLogoutUrl = ((await response.json()) as { providerLogoutUrl: string | null }).providerLogoutUrl;
  } catch {
    // Cubby's own sign-out still happens.
  }
  await signOut({ redirect: false });
  window.location.assign(providerLogoutUrl ?? '/signin');
}

export function AppShell({ userName, children }: { userName: string; children: ReactNode }) {
  useChangeStream();
  const pathname = usePathname() ?? '/';
  const me = useQuery(meQuery());
  const items = me.data?.admin ? [...NAV, ADMIN] : NAV;
  const [signingOut, setSigningOut] = useState(false);

  const nav = (className: string) => (
    <ul className={className}>
      {items.map((item) => {
        const active = item.match(pathname);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={cx(
                'block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
                active
                  ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white'
                  : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white',
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-indigo-600 px-3 py-2 text-sm text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
          <Link href="/" className="flex items-center gap-2 rounded-md font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-white">
            <CubeIcon className="size-6 text-indigo-600 dark:text-indigo-400" />
            <span>Cubby</span>
          </Link>
          <nav aria-label="Main" className="hidden md:block">
            {nav('flex items-center gap-1')}
          </nav>
          <div className="ml-auto flex items-center gap-1 sm:gap-2">
            <ThemeToggle />
            <span className="hidden max-w-40 truncate text-sm text-slate-600 sm:inline dark:text-slate-300" title={`Signed in as ${userName}`}>
              <span className="sr-only">Signed in as </span>
              {userName}
            </span>
            <button
              type="button"
              disabled={signingOut}
              onClick={() => {
                setSigningOut(true);
                void signOutEverywhere();
              }}
              className="inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
            >
              {signingOut ? <Spinner /> : <LogOutIcon className="size-4" />}
              Sign out
            </button>
          </div>
        </div>
        <nav aria-label="Main" className="border-t border-slate-200 px-2 py-1.5 md:hidden dark:border-slate-800">
          {nav('flex items-center gap-1 overflow-x-auto')}
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
