import type { AuditRecord } from '@/lib/tenancy/audit';
import { absoluteTime, relativeTime } from './format';
import { tableClass, tdClass, tdWrapClass, thClass } from './styles';

const RESULT_STYLE: Record<AuditRecord['result'], string> = {
  success: 'bg-emerald-100 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-900/50 dark:text-emerald-200 dark:ring-emerald-400/30',
  denied: 'bg-amber-100 text-amber-900 ring-amber-600/20 dark:bg-amber-900/50 dark:text-amber-100 dark:ring-amber-400/30',
  failed: 'bg-rose-100 text-rose-900 ring-rose-600/20 dark:bg-rose-900/50 dark:text-rose-100 dark:ring-rose-400/30',
};

export function AuditTable({ records }: { records: AuditRecord[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <table className={tableClass} aria-label="Audit records, newest first">
        <thead className="bg-slate-50 dark:bg-slate-900/60">
          <tr>
            {['When', 'User', 'Action', 'Tenant', 'vCluster', 'Result', 'Details'].map((h) => (
              <th key={h} scope="col" className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {records.map((r) => (
            <tr key={r.id} data-testid="audit-row">
              <td className={tdClass}>
                <time dateTime={r.at} title={absoluteTime(r.at)}>
                  {relativeTime(r.at)}
                </time>
              </td>
              <td className={tdClass} title={r.actor.groups.length > 0 ? `Groups: ${r.actor.groups.join(', ')}` : undefined}>
                {r.actor.user}
              </td>
              <td className={`${tdClass} font-mono text-xs`}>{r.action}</td>
              <td className={tdClass}>{r.tenant ?? <span className="text-slate-400">—</span>}</td>
              <td className={tdClass}>{r.vcluster ?? <span className="text-slate-400">—</span>}</td>
              <td className={tdClass}>
                <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${RESULT_STYLE[r.result]}`}>{r.result}</span>
              </td>
              <td className={`${tdWrapClass} min-w-64 max-w-xl text-slate-700 dark:text-slate-300`}>{r.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
