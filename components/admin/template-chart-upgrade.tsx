'use client';
// "Upgrade vClusters" on a template's page: every vCluster made from the template with the chart
// version it runs, "upgrade available" where the template names another, and the latest run's
// progress per vCluster (queued, upgrading, done, failed with the reason, stopped, rolled back).
// The rows are the live vCluster list (the change stream updates them as the run writes its
// progress on the vClusters' namespaces), so a reload or another server shows the same run.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { VClusterView } from '@/lib/client/api-types';
import { apiFetch } from '@/lib/client/api-fetch';
import { templateChartQuery } from '@/lib/client/admin-queries';
import { vclustersQuery } from '@/lib/client/queries';
import { queryKeys } from '@/lib/client/query-keys';
import { useToast } from '@/components/ui/toast';
import { errorMessage } from './notice';
import { buttonClass, cardClass, tableClass, tdClass, thClass } from './styles';

/** As chart-upgrade.ts's STALE_MS: a live state nobody has written for this long was interrupted. */
const STALE_MS = 5 * 60_000;

type Progress = NonNullable<VClusterView['chartUpgrade']>;

function shownState(progress: Progress, now: number): Progress['state'] {
  if ((progress.state === 'queued' || progress.state === 'upgrading') && now - Date.parse(progress.at) >= STALE_MS) return 'interrupted';
  return progress.state;
}

const STATE_TEXT: Record<Progress['state'], string> = {
  queued: 'Queued',
  upgrading: 'Upgrading…',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Not started',
  'rolled-back': 'Rolled back',
  interrupted: 'Interrupted',
};

const STATE_TONE: Record<Progress['state'], string> = {
  queued: 'text-slate-600 dark:text-slate-300',
  upgrading: 'text-indigo-700 dark:text-indigo-300',
  done: 'text-emerald-700 dark:text-emerald-300',
  failed: 'text-rose-700 dark:text-rose-300',
  stopped: 'text-slate-500 dark:text-slate-400',
  'rolled-back': 'text-amber-700 dark:text-amber-300',
  interrupted: 'text-amber-700 dark:text-amber-300',
};

export function TemplateChartUpgrade({ name }: { name: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const status = useQuery(templateChartQuery(name));
  const vclusters = useQuery(vclustersQuery());
  const [now] = useState(() => Date.now());
  const target = status.data?.chartVersion;
  const rows = (vclusters.data ?? []).filter((v) => v.template === name && v.origin === 'cubby');
  const outdated = rows.filter((v) => !v.terminating && v.chartVersion !== undefined && v.chartVersion !== target);
  const running = rows.some((v) => v.chartUpgrade && (v.chartUpgrade.state === 'queued' || v.chartUpgrade.state === 'upgrading') && shownState(v.chartUpgrade, Date.now()) !== 'interrupted');

  const start = useMutation({
    mutationFn: () => apiFetch<{ items: unknown[] }>(`/api/templates/${encodeURIComponent(name)}/chart-upgrade`, { method: 'POST', body: { chartVersion: target } }),
    onSuccess: async (run) => {
      toast.success(run.items.length === 0 ? 'Nothing to upgrade' : `Upgrading ${run.items.length} vCluster${run.items.length === 1 ? '' : 's'} to ${target}`, 'One at a time; the run stops at the first failure.');
      await queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true });
    },
    onError: (error) => toast.error('Could not start the upgrade', errorMessage(error)),
  });
  const rollback = useMutation({
    mutationFn: (v: VClusterView) => apiFetch<{ chartVersion: string }>(`/api/templates/${encodeURIComponent(name)}/chart-upgrade/rollback`, { method: 'POST', body: { tenant: v.tenant, name: v.name } }),
    onSuccess: async (result, v) => {
      toast.success(`${v.tenant}/${v.name} rolled back`, `It runs chart ${result.chartVersion} again.`);
      await queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true });
    },
    onError: (error) => toast.error('Could not roll back', errorMessage(error)),
  });

  return (
    <section className={`${cardClass} mb-5 max-w-3xl p-4 sm:p-5`} aria-labelledby="chart-upgrade-title" data-testid="chart-upgrade">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="chart-upgrade-title" className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Chart upgrades
          </h2>
          <p className="text-sm">
            New vClusters get chart <span className="font-mono font-medium" data-testid="template-chart-version">{target ?? '…'}</span>
            {status.data?.configured && <span className="text-slate-500 dark:text-slate-400"> (the configured version)</span>}.
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {outdated.length === 0 ? 'Every vCluster of this template runs it.' : `${outdated.length} vCluster${outdated.length === 1 ? '' : 's'} of this template run${outdated.length === 1 ? 's' : ''} another version.`}
          </p>
        </div>
        <button
          type="button"
          className={buttonClass.primary}
          disabled={!target || outdated.length === 0 || running || start.isPending}
          onClick={() => start.mutate()}
        >
          {running || start.isPending ? 'Upgrading…' : 'Upgrade vClusters'}
        </button>
      </div>
      {rows.length > 0 && (
        <div className="mt-4 overflow-x-auto">
          <table className={tableClass}>
            <thead>
              <tr>
                <th className={thClass}>vCluster</th>
                <th className={thClass}>Chart</th>
                <th className={thClass}>Upgrade</th>
                <th className={thClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((v) => {
                const progress = v.chartUpgrade;
                const state = progress && shownState(progress, Math.max(now, Date.now()));
                const canRollBack = progress && (state === 'done' || state === 'failed') && progress.fromRevision !== undefined;
                return (
                  <tr key={`${v.tenant}/${v.name}`} data-testid={`chart-row-${v.tenant}-${v.name}`}>
                    <td className={tdClass}>
                      <span className="text-slate-500 dark:text-slate-400">{v.tenant}/</span>
                      <span className="font-medium">{v.name}</span>
                    </td>
                    <td className={tdClass}>
                      <span className="font-mono" data-testid="chart-version">{v.chartVersion ?? '—'}</span>
                      {outdated.includes(v) && (
                        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="upgrade-available">
                          upgrade available
                        </span>
                      )}
                    </td>
                    <td className="min-w-64 px-3 py-2 align-top">
                      {progress && state ? (
                        <div>
                          <span className={`font-medium ${STATE_TONE[state]}`} data-testid="upgrade-state">
                            {STATE_TEXT[state]}
                          </span>
                          <span className="ml-1.5 text-xs break-all text-slate-500 dark:text-slate-400">
                            {progress.from} → {progress.to}
                            {progress.revision !== undefined && ` · revision ${progress.revision}`}
                          </span>
                          {progress.reason && (
                            <p className="mt-0.5 max-w-md text-xs break-words whitespace-normal text-slate-600 dark:text-slate-400" data-testid="upgrade-reason">
                              {progress.reason}
                            </p>
                          )}
                        </div>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </td>
                    <td className={`${tdClass} text-right`}>
                      {canRollBack && (
                        <button
                          type="button"
                          className={buttonClass.small}
                          disabled={rollback.isPending}
                          onClick={() => rollback.mutate(v)}
                          aria-label={`Roll back ${v.tenant}/${v.name} to revision ${progress.fromRevision}`}
                        >
                          Roll back
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
