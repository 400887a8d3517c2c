'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { href: '/admin', label: 'Tenants', match: (p: string) => p === '/admin' || p.startsWith('/admin/tenants') },
  { href: '/admin/templates', label: 'Templates', match: (p: string) => p.startsWith('/admin/templates') },
  { href: '/admin/audit', label: 'Audit trail', match: (p: string) => p.startsWith('/admin/audit') },
  { href: '/admin/tokens', label: 'API tokens', match: (p: string) => p.startsWith('/admin/tokens') },
];

export function AdminNav() {
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label="Admin" className="-mt-2 mb-6 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
      <ul className="flex gap-1">
        {TABS.map((tab) => {
          const active = tab.match(pathname);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={`-mb-px inline-block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400 ${
                  active
                    ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100'
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
