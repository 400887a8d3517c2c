import type { VirtualNodeRow } from '@/lib/client/api-types';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';

// Labels every node has; shown only on request, they drown out the interesting ones.
const NOISY = /^(kubernetes\.io\/(arch|os|hostname)|beta\.kubernetes\.io\/|vcluster\.loft\.sh\/fake-node$)/;

export function NodesTable({ rows }: { rows: VirtualNodeRow[] }) {
  return (
    <Table label="Nodes">
      <THead>
        <Th>Name</Th>
        <Th>Kind</Th>
        <Th>Status</Th>
        <Th>CPU</Th>
        <Th>Memory</Th>
        <Th>Pods</Th>
        <Th>Labels</Th>
      </THead>
      <TBody>
        {rows.map((n) => {
          const labels = Object.entries(n.labels);
          const shown = labels.filter(([k]) => !NOISY.test(k));
          const hidden = labels.length - shown.length;
          return (
            <tr key={n.name} data-node={n.name}>
              <Td className="font-medium whitespace-nowrap text-slate-900 dark:text-slate-100">{n.name}</Td>
              <Td>{n.fake ? <Badge tone="gray">Fake</Badge> : <Badge tone="indigo">Synced from host</Badge>}</Td>
              <Td className="whitespace-nowrap">
                {n.ready ? <Badge tone="green">Ready</Badge> : <Badge tone="yellow">Not ready</Badge>}
                {n.unschedulable && (
                  <Badge tone="gray" className="ml-1">
                    Cordoned
                  </Badge>
                )}
              </Td>
              <Td className="tabular-nums">{n.capacity.cpu ?? '—'}</Td>
              <Td className="tabular-nums whitespace-nowrap">{n.capacity.memory ?? '—'}</Td>
              <Td className="tabular-nums">{n.capacity.pods ?? '—'}</Td>
              <Td className="min-w-64">
                <div className="flex flex-wrap gap-1">
                  {shown.map(([k, v]) => (
                    <code key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                      {k}={v}
                    </code>
                  ))}
                  {hidden > 0 && (
                    <details className="text-xs text-slate-500 dark:text-slate-400">
                      <summary className="rounded px-1 focus-visible:outline-2 focus-visible:outline-indigo-600">+{hidden} standard</summary>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {labels
                          .filter(([k]) => NOISY.test(k))
                          .map(([k, v]) => (
                            <code key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] dark:bg-slate-800">
                              {k}={v}
                            </code>
                          ))}
                      </div>
                    </details>
                  )}
                </div>
              </Td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
