'use client';
import type { SyncedPodRow } from '@/lib/client/api-types';
import { Age, useNow } from '@/components/ui/time';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { StatusBadge } from './status-badge';

export function PodsTable({ rows }: { rows: SyncedPodRow[] }) {
  const now = useNow();
  return (
    <>
    <ul className="divide-y divide-slate-200 md:hidden dark:divide-slate-800" aria-label="Synced pods">
      {rows.map((p) => (
        <li key={`${p.virtualNamespace}/${p.virtualName}`} data-pod={p.virtualName} className="space-y-1.5 px-4 py-3 text-sm">
          <div className="flex items-start justify-between gap-3">
            <p className="min-w-0 break-all">
              <span className="text-slate-500 dark:text-slate-400">{p.virtualNamespace}/</span>
              <span className="font-medium text-slate-900 dark:text-slate-100">{p.virtualName}</span>
            </p>
            <StatusBadge status={p.status} />
          </div>
          <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">
            <span className="sr-only">Host pod </span>
            {p.synced ? p.hostName : <NotOnHost />}
          </p>
          <WaitingReason pod={p} />
          <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
            <div className="flex gap-1">
              <dt>Node</dt>
              <dd className="font-medium text-slate-800 dark:text-slate-200">{p.node ?? '—'}</dd>
            </div>
            <div className="flex gap-1">
              <dt>Ready</dt>
              <dd className="font-medium text-slate-800 dark:text-slate-200">{p.ready}</dd>
            </div>
            <div className="flex gap-1">
              <dt>Restarts</dt>
              <dd className="font-medium text-slate-800 dark:text-slate-200">{p.restarts}</dd>
            </div>
            <div className="flex gap-1">
              <dt>IP</dt>
              <dd className="font-mono font-medium text-slate-800 dark:text-slate-200">{p.podIP ?? '—'}</dd>
            </div>
            <div className="flex gap-1">
              <dt>Age</dt>
              <dd className="font-medium text-slate-800 dark:text-slate-200">
                <Age iso={p.createdAt} now={now} />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
    <Table label="Synced pods" className="hidden md:block">
      <THead>
        <Th>Pod (in the vCluster)</Th>
        <Th>Host pod</Th>
        <Th>Status</Th>
        <Th>Ready</Th>
        <Th className="text-right">Restarts</Th>
        <Th>Node</Th>
        <Th>IP</Th>
        <Th>Age</Th>
      </THead>
      <TBody>
        {rows.map((p) => (
          <tr key={`${p.virtualNamespace}/${p.virtualName}`} data-pod={p.virtualName}>
            <Td className="whitespace-nowrap">
              <span className="text-slate-500 dark:text-slate-400">{p.virtualNamespace}/</span>
              <span className="font-medium text-slate-900 dark:text-slate-100" data-field="virtual-name">
                {p.virtualName}
              </span>
            </Td>
            <Td className="font-mono text-xs whitespace-nowrap" data-field="host-name">
              {p.synced ? p.hostName : <NotOnHost />}
            </Td>
            <Td className="max-w-md">
              <StatusBadge status={p.status} />
              <WaitingReason pod={p} />
            </Td>
            <Td className="tabular-nums">{p.ready}</Td>
            <Td className="text-right tabular-nums">{p.restarts}</Td>
            <Td className="whitespace-nowrap" data-field="node">
              {p.node ?? <span className="text-slate-400">—</span>}
            </Td>
            <Td className="font-mono text-xs whitespace-nowrap">{p.podIP ?? '—'}</Td>
            <Td className="whitespace-nowrap tabular-nums">
              <Age iso={p.createdAt} now={now} />
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
    </>
  );
}

function NotOnHost() {
  return <span className="font-sans text-slate-400 italic">not on the host</span>;
}

/** Why the pod waits: the reason in bold, then the message (the scheduler's or the syncer's words). */
function WaitingReason({ pod }: { pod: SyncedPodRow }) {
  if (!pod.waiting) return null;
  const { reason, message, source } = pod.waiting;
  return (
    <p className="mt-1 text-xs break-words whitespace-normal text-amber-800 dark:text-amber-300" data-field="waiting-reason" title={source ? `reported by ${source}` : undefined}>
      <span className="font-semibold">{reason}</span>
      {message ? <span className="text-slate-600 dark:text-slate-400">: {message}</span> : null}
    </p>
  );
}
