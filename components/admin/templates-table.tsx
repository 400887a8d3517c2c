import Link from 'next/link';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { linkClass, tableClass, tdClass, tdWrapClass, thClass } from './styles';
import { OPTION_INFO } from './template-options';

export function TemplatesTable({ templates, tenants }: { templates: Template[]; tenants?: Tenant[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <table className={tableClass} aria-label="Templates">
        <thead className="bg-slate-50 dark:bg-slate-900/60">
          <tr>
            {['Template', 'Description', 'Tenants may change', 'Base values', 'Used by'].map((h) => (
              <th key={h} scope="col" className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {templates.map((t) => {
            const users = tenants?.filter((tenant) => tenant.spec.templates.includes(t.name)) ?? [];
            const keys = Object.keys(t.spec.baseValues);
            return (
              <tr key={t.name} data-testid={`template-row-${t.name}`}>
                <th scope="row" className={`${tdClass} text-left font-normal`}>
                  <Link href={`/admin/templates/${encodeURIComponent(t.name)}`} className={linkClass}>
                    {t.spec.displayName ?? t.name}
                  </Link>
                  <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{t.name}</div>
                </th>
                <td className={`${tdWrapClass} min-w-56 max-w-md text-slate-700 dark:text-slate-300`}>{t.spec.description ?? <span className="text-slate-400">—</span>}</td>
                <td className={`${tdWrapClass} min-w-48`}>
                  {t.spec.allowedOptions.length === 0 ? (
                    <span className="text-slate-500 dark:text-slate-400">nothing</span>
                  ) : (
                    <ul className="flex flex-wrap gap-1">
                      {t.spec.allowedOptions.map((id) => (
                        <li key={id} className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" title={id}>
                          {OPTION_INFO[id]?.label ?? id}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className={tdClass}>{keys.length === 0 ? <span className="text-slate-500 dark:text-slate-400">chart defaults</span> : <code className="text-xs">{keys.join(', ')}</code>}</td>
                <td className={tdWrapClass}>
                  {tenants === undefined ? '…' : users.length === 0 ? <span className="text-slate-500 dark:text-slate-400">no tenant</span> : users.map((u) => u.name).join(', ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
