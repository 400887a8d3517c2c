'use client';
import Link from 'next/link';
import type { VClusterView } from '@/lib/client/api-types';
import { Age, useNow } from '@/components/ui/time';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge } from './status-badge';
import { SyncOptionsSummary } from './sync-options-summary';
import { stepLabel } from './creation-steps';

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

/** The vClusters as a table on wide screens and as cards on phones. */
export function VClusterList({ items, showTenant }: { items: VClusterView[]; showTenant: boolean }) {
  const now = useNow();
  return (
    <>
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
            {items.map((v) => (
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
        {items.map((v) => (
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
    </>
  );
}
