import Link from 'next/link';
import { formatBytes, formatCores } from './format';
import { linkClass, tableClass, tdClass, thClass } from './styles';
import type { TenantSummary } from './tenant-summary';
import { UsageCell } from './usage-cell';
import { LastUsed } from '@/components/vclusters/last-used';
import { STATE_BUCKETS } from './vcluster-state';

export function TenantsTable({ rows }: { rows: TenantSummary[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <table className={tableClass} aria-label="Tenants">
        <thead className="bg-slate-50 dark:bg-slate-900/60">
          <tr>
            <th scope="col" className={thClass}>
              Tenant
            </th>
            <th scope="col" className={`${thClass} text-right`}>
              vClusters
            </th>
            {STATE_BUCKETS.map((b) => (
              <th key={b.id} scope="col" className={`${thClass} text-right`}>
                {b.label}
              </th>
            ))}
            <th scope="col" className={`${thClass} text-right`}>
              Synced pods
            </th>
            <th scope="col" className={thClass}>
              CPU requested
            </th>
            <th scope="col" className={thClass}>
              Memory requested
            </th>
            <th scope="col" className={thClass}>
              Last used
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map(({ tenant, vclusterCount, counts, syncedPods, usage, lastUsed }) => {
            const none = vclusterCount === 0;
            const full = vclusterCount >= tenant.spec.quota.maxVClusters;
            return (
              <tr key={tenant.name} data-testid={`tenant-row-${tenant.name}`}>
                <th scope="row" className={`${tdClass} text-left font-normal`}>
                  <Link href={`/admin/tenants/${encodeURIComponent(tenant.name)}`} className={linkClass}>
                    {tenant.name}
                  </Link>
                  {tenant.spec.displayName && <div className="text-xs text-slate-500 dark:text-slate-400">{tenant.spec.displayName}</div>}
                </th>
                <td className={`${tdClass} text-right tabular-nums`} data-testid="vcluster-count">
                  <span className={full ? 'font-semibold text-amber-700 dark:text-amber-300' : ''}>{vclusterCount}</span>
                  <span className="text-slate-500 dark:text-slate-400"> / {tenant.spec.quota.maxVClusters}</span>
                </td>
                {STATE_BUCKETS.map((b) => (
                  <td key={b.id} className={`${tdClass} text-right tabular-nums ${counts[b.id] === 0 ? 'text-slate-400 dark:text-slate-500' : ''}`} data-testid={`count-${b.id}`}>
                    {counts[b.id]}
                  </td>
                ))}
                <td className={`${tdClass} text-right tabular-nums`} data-testid="synced-pods">
                  {syncedPods}
                </td>
                <td className={tdClass} data-testid="cpu-usage">
                  <UsageCell figure={usage?.cpu} format={formatCores} noVClusters={none} limited={tenant.spec.quota.cpu !== undefined} />
                </td>
                <td className={tdClass} data-testid="memory-usage">
                  <UsageCell figure={usage?.memory} format={formatBytes} noVClusters={none} limited={tenant.spec.quota.memory !== undefined} />
                </td>
                <td className={`${tdClass} whitespace-nowrap`} data-testid="last-used">
                  {lastUsed ? (
                    <>
                      <LastUsed lastUsed={lastUsed} />
                      <div className="text-xs text-slate-500 dark:text-slate-400">{lastUsed.vcluster}</div>
                    </>
                  ) : (
                    <span className="text-slate-400 dark:text-slate-500">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
