'use client';
// vClusters on the host that no tenant owns (installed with helm or the vcluster CLI), each with
// a tenant picker and "Assign", confirmed in a dialog that says what assigning changes.
import { useState } from 'react';
import type { DiscoveredVCluster } from '@/lib/vcluster/discovery';
import type { Tenant } from '@/lib/tenancy/model';
import { ConfirmDialog } from './confirm-dialog';
import { EmptyState } from './empty-state';
import { absoluteTime, relativeTime } from './format';
import { errorMessage } from './notice';
import { buttonClass, inputBaseClass, tableClass, tdClass, thClass } from './styles';

export interface FoundVClustersProps {
  items: DiscoveredVCluster[];
  tenants: Tenant[];
  onAssign: (item: DiscoveredVCluster, tenant: string) => Promise<unknown>;
}

const keyOf = (v: DiscoveredVCluster) => `${v.namespace}/${v.name}`;

export function FoundVClusters({ items, tenants, onAssign }: FoundVClustersProps) {
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<{ item: DiscoveredVCluster; tenant: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  if (items.length === 0) {
    return (
      <EmptyState title="No unassigned vClusters">
        vClusters installed on the host with <code>helm</code> or the <code>vcluster</code> CLI show up here, so you can hand them to a tenant.
      </EmptyState>
    );
  }

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      await onAssign(pending.item, pending.tenant);
      setPending(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <table className={tableClass} aria-label="Found vClusters">
          <thead className="bg-slate-50 dark:bg-slate-900/60">
            <tr>
              <th scope="col" className={thClass}>
                vCluster
              </th>
              <th scope="col" className={thClass}>
                Namespace
              </th>
              <th scope="col" className={thClass}>
                Chart
              </th>
              <th scope="col" className={thClass}>
                Found
              </th>
              <th scope="col" className={thClass}>
                Assign to tenant
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((item) => {
              const key = keyOf(item);
              const selectId = `assign-${key.replace(/[^a-z0-9-]/gi, '-')}`;
              const selected = choice[key] ?? '';
              return (
                <tr key={key} data-testid={`found-${item.namespace}-${item.name}`}>
                  <th scope="row" className={`${tdClass} text-left font-medium`}>
                    {item.name}
                    <div className="text-xs font-normal text-slate-500 dark:text-slate-400">{item.kind}</div>
                  </th>
                  <td className={`${tdClass} font-mono text-xs`}>{item.namespace}</td>
                  <td className={tdClass}>{item.chart ?? '—'}</td>
                  <td className={tdClass} title={absoluteTime(item.createdAt)}>
                    {relativeTime(item.createdAt)}
                  </td>
                  <td className={tdClass}>
                    <form
                      className="flex items-center gap-2"
                      onSubmit={(event) => {
                        event.preventDefault();
                        if (!selected) return;
                        setError(undefined);
                        setPending({ item, tenant: selected });
                      }}
                    >
                      <label htmlFor={selectId} className="sr-only">
                        Tenant for {item.name}
                      </label>
                      <select
                        id={selectId}
                        className={`${inputBaseClass} w-48 py-1.5`}
                        value={selected}
                        onChange={(event) => setChoice((c) => ({ ...c, [key]: event.target.value }))}
                        disabled={tenants.length === 0}
                      >
                        <option value="">{tenants.length === 0 ? 'No tenants yet' : 'Choose a tenant…'}</option>
                        {tenants.map((t) => (
                          <option key={t.name} value={t.name}>
                            {t.spec.displayName ? `${t.name} (${t.spec.displayName})` : t.name}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className={buttonClass.secondary} disabled={!selected}>
                        Assign
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={pending !== undefined}
        title={pending ? `Assign ${pending.item.name} to ${pending.tenant}?` : ''}
        confirmLabel="Assign"
        busyLabel="Assigning…"
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setPending(undefined);
          setError(undefined);
        }}
      >
        {pending && (
          <p>
            Namespace <code className="font-mono">{pending.item.namespace}</code> gets {pending.tenant}&apos;s labels, access rules and quota. Members of{' '}
            {pending.tenant} can then see, pause, resume, delete and download a kubeconfig for it; it counts against their vCluster limit.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
