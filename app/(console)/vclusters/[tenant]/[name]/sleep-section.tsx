'use client';
// Sleep mode's part of the vCluster page: its own query and mutations, so the page itself only
// places the status line and the tab.
import { lazy, Suspense, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { vclusterPath } from '@/lib/client/queries';
import { sleepQuery } from '@/lib/client/sleep-queries';
import type { VClusterSleepSettings } from '@/lib/vcluster/sleep/sleep-policy';
import { Panel } from '@/components/ui/panel';
import { errorMessage } from '@/components/ui/query-error';
import { TableSkeleton } from '@/components/ui/skeleton';
import { useNow } from '@/components/ui/time';
import { useToast } from '@/components/ui/toast';
import { SleepStatus } from '@/components/vclusters/sleep-status';

function SleepSettingsSkeleton() {
  return (
    <Panel className="p-6">
      <TableSkeleton rows={3} columns={2} label="Loading the sleep settings" />
    </Panel>
  );
}

// The form's code loads when the Sleep tab first opens, not with the page; until it is there the
// tab shows the same placeholder as while the settings load.
const SleepSettingsPanel = lazy(() => import('@/components/vclusters/sleep-settings-panel').then((m) => ({ default: m.SleepSettingsPanel })));

function useSleep(tenant: string, name: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery(sleepQuery(tenant, name));
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.vcluster(tenant, name) });
  const keepAwake = useMutation({
    mutationFn: (hours: number) => apiFetch(`${vclusterPath(tenant, name)}/sleep/keep-awake`, { method: 'POST', body: { hours } }),
    onSuccess: (_answer, hours) => {
      toast.success(hours > 0 ? `${name} stays awake for ${hours} hours` : `Keep-awake of ${name} ended`, hours > 0 ? 'If it is asleep, it wakes within a few seconds.' : undefined);
      return refresh();
    },
    onError: (error) => toast.error(`Could not keep ${name} awake`, errorMessage(error)),
  });
  const save = useMutation({
    mutationFn: (settings: VClusterSleepSettings) => apiFetch(`${vclusterPath(tenant, name)}/sleep`, { method: 'PUT', body: settings }),
    onSuccess: () => {
      toast.success('Sleep settings saved');
      return refresh();
    },
  });
  return { query, keepAwake, save };
}

/**
 * The status line; asleep by sleep mode it stands in for the page's "Paused" notice, which
 * shows otherwise (a pause by hand).
 */
export function SleepStatusSection({ tenant, name, pausedNotice, hidden }: { tenant: string; name: string; pausedNotice: ReactNode; hidden?: boolean }) {
  const { query, keepAwake } = useSleep(tenant, name);
  const now = useNow(15_000);
  if (hidden) return null;
  const view = query.data;
  const bySleepMode = view && (view.state === 'asleep' || view.state === 'falling-asleep' || view.state === 'waking');
  return (
    <>
      {!bySleepMode && pausedNotice}
      {view && view.state !== 'paused-by-hand' && <SleepStatus view={view} now={now} onKeepAwake={(hours) => keepAwake.mutate(hours)} busy={keepAwake.isPending} />}
    </>
  );
}

export function SleepTab({ tenant, name, readOnlyReason }: { tenant: string; name: string; readOnlyReason?: string }) {
  const { query, save } = useSleep(tenant, name);
  if (!query.data) return <SleepSettingsSkeleton />;
  return (
    <Suspense fallback={<SleepSettingsSkeleton />}>
      <SleepSettingsPanel
        key={JSON.stringify(query.data.settings)}
        view={query.data}
        onSave={(settings) => save.mutate(settings)}
        saving={save.isPending}
        {...(save.error ? { error: errorMessage(save.error) } : {})}
        {...(readOnlyReason ? { readOnlyReason } : {})}
      />
    </Suspense>
  );
}
