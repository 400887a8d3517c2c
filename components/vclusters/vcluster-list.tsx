'use client';
import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import type { VClusterView } from '@/lib/client/api-types';
import { Age, useNow } from '@/components/ui/time';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge } from './status-badge';
import { SyncOptionsSummary } from './sync-options-summary';
import { stepLabel } from './creation-steps';
import { listWindow, PAGE_SIZE, SORT_KEYS, type SortKey } from './vcluster-list-view';

/** Below this many rows a filter is more clutter than help. */
const FILTER_FROM = 12;

export function vclusterHref(v: Pick<VClusterView, 'tenant' | 'name'>): string {
  return `/vclusters/${encodeURIComponent(v.tenant)}/${encodeURIComponent(v.name)}`;
}

function Step({ v }: { v: VClusterView }) {
  if (v.terminating) return <span className="text-slate-500 dark:text-slate-400">—</span>;
  if (v.creationStep === 'ready') return <span className="text-slate-500 dark:text-slate-400">Ready</span>;
  return (
    <span className="inline-flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
      <Spinner className="size-3.5 text-indigo-600 dark:text-indigo-400" />
      {stepLabel(v.creationStep)}
    </span>
  );
}

const controlClass =
  'rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

function Pager({ page, pages, matching, onPage }: { page: number; pages: number; matching: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  const button = 'rounded-md border border-slate-300 px-2.5 py-1 text-sm disabled:opacity-40 dark:border-slate-700';
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-2 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
      <span>
        {page * PAGE_SIZE + 1}–{Math.min(matching, (page + 1) * PAGE_SIZE)} of {matching}
      </span>
      <span className="flex items-center gap-2">
        <button type="button" className={button} disabled={page === 0} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page + 1} of {pages}
        </span>
        <button type="button" className={button} disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </span>
    </nav>
  );
}

/**
 * The vClusters as a table on wide screens and as cards on phones. Long lists (an admin sees
 * every tenant's) get a filter, a sort and pages, so only one page of rows is ever rendered.
 */
export function VClusterList({ items, showTenant }: { items: VClusterView[]; showTenant: boolean }) {
  const now = useNow();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortKey>(showTenant ? 'tenant' : 'name');
  const [page, setPage] = useState(0);
  // Typing stays responsive while the filtered page is computed for the text typed so far.
  const deferredFilter = useDeferredValue(filter);
  const view = useMemo(() => listWindow(items, deferredFilter, sort, page), [items, deferredFilter, sort, page]);
  const rows = view.rows;
  return (
    <>
      {items.length >= FILTER_FROM && (
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
          <label className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <span>Filter</span>
            <input
              type="search"
              className={controlClass}
              value={filter}
              placeholder={showTenant ? 'name, tenant or status' : 'name or status'}
              onChange={(e) => {
                setFilter(e.target.value);
                setPage(0);
              }}
            />
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <span>Sort by</span>
            <select className={controlClass} value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              {SORT_KEYS.filter((k) => showTenant || k.id !== 'tenant').map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          {deferredFilter && (
            <span className="text-sm text-slate-500 dark:text-slate-400" role="status">
              {view.matching} of {items.length} match
            </span>
          )}
        </div>
      )}
      <div className="hidden md:block">
        <Table label="vClusters">
          <THead>
            <Th>Name</Th>
            {showTenant && <Th>Tenant</Th>}
            <Th>Status</Th>
            <Th>Creation step</Th>
            <Th>Age</Th>
            <Th className="text-right">Synced pods</Th>
            <Th>Sync options</Th>
          </THead>
          <TBody>
            {rows.map((v) => (
              <tr key={`${v.tenant}/${v.name}`} data-vcluster={v.name} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <Td className="font-medium">
                  <Link href={vclusterHref(v)} className="rounded-sm text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300">
                    {v.name}
                  </Link>
                </Td>
                {showTenant && <Td>{v.tenant}</Td>}
                <Td>
                  <StatusBadge status={v.status} terminating={v.terminating} />
                </Td>
                <Td className="whitespace-nowrap">
                  <Step v={v} />
                </Td>
                <Td className="whitespace-nowrap tabular-nums">
                  <Age iso={v.createdAt} now={now} />
                </Td>
                <Td className="text-right tabular-nums">{v.syncedPods}</Td>
                <Td>
                  <SyncOptionsSummary options={v.options} />
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="divide-y divide-slate-200 md:hidden dark:divide-slate-800" aria-label="vClusters">
        {rows.map((v) => (
          <li key={`${v.tenant}/${v.name}`} data-vcluster={v.name} className="relative px-4 py-3">
            <div className="flex items-center justify-between gap-3">
              <Link href={vclusterHref(v)} className="min-w-0 truncate font-medium text-indigo-700 after:absolute after:inset-0 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-indigo-300">
                {v.name}
              </Link>
              <StatusBadge status={v.status} terminating={v.terminating} />
            </div>
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
              {showTenant && (
                <div className="flex gap-1">
                  <dt>Tenant</dt>
                  <dd className="font-medium text-slate-800 dark:text-slate-200">{v.tenant}</dd>
                </div>
              )}
              <div className="flex gap-1">
                <dt>Age</dt>
                <dd className="font-medium text-slate-800 dark:text-slate-200">
                  <Age iso={v.createdAt} now={now} />
                </dd>
              </div>
              <div className="flex gap-1">
                <dt>Step</dt>
                <dd className="font-medium text-slate-800 dark:text-slate-200">
                  <Step v={v} />
                </dd>
              </div>
              <div className="flex gap-1">
                <dt>Synced pods</dt>
                <dd className="font-medium text-slate-800 dark:text-slate-200">{v.syncedPods}</dd>
              </div>
            </dl>
            <div className="mt-2">
              <SyncOptionsSummary options={v.options} />
            </div>
          </li>
        ))}
      </ul>
      <Pager page={view.page} pages={view.pages} matching={view.matching} onPage={setPage} />
    </>
  );
}
