'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { auditQuery, type AuditFilter } from '@/lib/client/admin-queries';
import { tenantsQuery } from '@/lib/client/queries';
import { AuditFilters, EMPTY_FILTER, WITHIN, type AuditFilterValues, type Within } from '@/components/admin/audit-filters';
import { AuditTable } from '@/components/admin/audit-table';
import { EmptyState } from '@/components/admin/empty-state';
import { QueryError } from '@/components/admin/notice';
import { PageHeader } from '@/components/admin/page-header';
import { Spinner } from '@/components/admin/confirm-dialog';
import { TableSkeleton } from '@/components/admin/skeleton';
import { buttonClass } from '@/components/admin/styles';

const PAGE = 100;
const MAX = 1000;
const WITHIN_MS: Record<Within, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/** An ISO time as a datetime-local input shows it (local time, minutes). */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function AuditClient() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = params.toString();

  // The URL holds the filters, so a filtered view can be shared and survives a reload.
  const { form, filter, limit } = useMemo(() => {
    const q = new URLSearchParams(search);
    const get = (key: string) => q.get(key) ?? '';
    const within = get('within') as Within | '';
    const since = get('since');
    const form: AuditFilterValues = {
      tenant: get('tenant'),
      actor: get('actor'),
      action: get('action'),
      vcluster: get('vcluster'),
      result: get('result'),
      within: within && within in WITHIN ? within : since ? 'custom' : '',
      since: since ? toLocalInput(since) : '',
    };
    const limit = Math.min(MAX, Math.max(PAGE, Number(get('limit')) || PAGE));
    const filter: AuditFilter = {
      tenant: form.tenant,
      actor: form.actor,
      action: form.action,
      vcluster: form.vcluster,
      result: form.result,
      // Computed once per URL, so the query key stays the same while the page is open.
      since: form.within && form.within !== 'custom' ? new Date(Date.now() - WITHIN_MS[form.within]).toISOString() : since,
      limit: String(limit),
    };
    return { form, filter, limit };
  }, [search]);

  const audit = useQuery({ ...auditQuery(filter), placeholderData: keepPreviousData });
  const tenants = useQuery(tenantsQuery());

  const navigate = (values: AuditFilterValues, nextLimit?: number) => {
    const q = new URLSearchParams();
    for (const key of ['tenant', 'actor', 'action', 'vcluster', 'result'] as const) if (values[key].trim()) q.set(key, values[key].trim());
    if (values.within === 'custom' && values.since) {
      const date = new Date(values.since);
      if (!Number.isNaN(date.getTime())) q.set('since', date.toISOString());
    } else if (values.within) q.set('within', values.within);
    if (nextLimit && nextLimit > PAGE) q.set('limit', String(nextLimit));
    const query = q.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  const filtered = Object.entries(form).some(([key, value]) => key !== 'since' && value !== '');
  const records = audit.data ?? [];

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change made through Cubby and every kubeconfig download, newest first."
        actions={
          <button type="button" className={buttonClass.secondary} onClick={() => void audit.refetch()} disabled={audit.isFetching}>
            {audit.isFetching && <Spinner />}
            Refresh
          </button>
        }
      />
      {/* Keyed by the URL: back and forward restore the form too. */}
      <AuditFilters key={search} initial={form} tenants={tenants.data?.map((t) => t.name) ?? []} onApply={(values) => navigate(values)} />

      {audit.isError ? (
        <QueryError error={audit.error} what="the audit trail" onRetry={() => void audit.refetch()} />
      ) : audit.isPending ? (
        <TableSkeleton rows={5} columns={6} label="Loading the audit trail" />
      ) : records.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No records match these filters"
            action={
              <button type="button" className={buttonClass.secondary} onClick={() => navigate(EMPTY_FILTER)}>
                Clear filters
              </button>
            }
          >
            Names must match exactly (user, tenant and vCluster names). Try a longer time range or fewer filters.
          </EmptyState>
        ) : (
          <EmptyState title="Nothing recorded yet">Creating, changing and deleting vClusters, tenants and templates, and downloading kubeconfigs, is recorded here.</EmptyState>
        )
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {records.length === limit ? `The newest ${records.length} records` : `${records.length} record${records.length === 1 ? '' : 's'}`}
            {audit.isFetching && !audit.isPending ? ' (updating…)' : ''}
          </p>
          <div className={audit.isPlaceholderData ? 'opacity-60 transition-opacity' : ''}>
            <AuditTable records={records} />
          </div>
          {records.length === limit && limit < MAX && (
            <div className="mt-4">
              <button type="button" className={buttonClass.secondary} onClick={() => navigate(form, limit + PAGE)}>
                Show {PAGE} more
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
