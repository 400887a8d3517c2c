'use client';
import type { EventRow } from '@/lib/client/api-types';
import { Badge } from '@/components/ui/badge';
import { Age, useNow } from '@/components/ui/time';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';

export function EventsTable({ rows }: { rows: EventRow[] }) {
  const now = useNow();
  const objectOf = (e: EventRow) => (e.virtualName ? `${e.kind}/${e.virtualNamespace ? `${e.virtualNamespace}/` : ''}${e.virtualName}` : e.object);
  return (
    <>
    <ul className="divide-y divide-slate-200 md:hidden dark:divide-slate-800" aria-label="Events">
      {rows.map((e) => (
        <li key={e.id} className={e.warning ? 'space-y-1 bg-amber-50/60 px-4 py-3 text-sm dark:bg-amber-950/20' : 'space-y-1 px-4 py-3 text-sm'}>
          <div className="flex items-center justify-between gap-2">
            <span className="flex min-w-0 items-center gap-2">
              {e.warning ? <Badge tone="yellow">Warning</Badge> : <Badge tone="gray">{e.type}</Badge>}
              <span className="truncate font-medium text-slate-900 dark:text-slate-100">{e.reason}</span>
            </span>
            <span className="shrink-0 text-xs text-slate-500 tabular-nums dark:text-slate-400">
              <Age iso={e.lastSeen} now={now} />
              {e.count > 1 ? ` ×${e.count}` : ''}
            </span>
          </div>
          <p className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{objectOf(e)}</p>
          <p className="break-words text-slate-700 dark:text-slate-300">{e.message}</p>
        </li>
      ))}
    </ul>
    <Table label="Events" className="hidden md:block">
      <THead>
        <Th>Type</Th>
        <Th>Reason</Th>
        <Th>Object</Th>
        <Th>Message</Th>
        <Th className="text-right">Count</Th>
        <Th>Last seen</Th>
      </THead>
      <TBody>
        {rows.map((e) => (
          <tr key={e.id} className={e.warning ? 'bg-amber-50/60 dark:bg-amber-950/20' : undefined}>
            <Td>{e.warning ? <Badge tone="yellow">Warning</Badge> : <Badge tone="gray">{e.type}</Badge>}</Td>
            <Td className="font-medium whitespace-nowrap">{e.reason}</Td>
            <Td className="whitespace-nowrap">
              <span title={e.object}>{objectOf(e)}</span>
            </Td>
            <Td className="min-w-72 break-words">{e.message}</Td>
            <Td className="text-right tabular-nums">{e.count}</Td>
            <Td className="whitespace-nowrap tabular-nums">
              <Age iso={e.lastSeen} now={now} />
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
    </>
  );
}
