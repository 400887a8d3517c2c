'use client';
// Sleep mode's status line on the vCluster page ("sleeps in 23 min", "asleep since 19:00",
// "woke on use at 08:12 (alice)") with "Keep awake for 2 hours". Presentational: the page passes
// data and callbacks. Apart from the settings form (sleep-settings-panel.tsx), which only the
// Sleep tab needs and so loads when that tab opens.
import type { VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { clockTime, sleepHeadline, wakeLine } from './sleep-text';

export function SleepStatus({
  view,
  now,
  onKeepAwake,
  busy,
}: {
  view: VClusterSleepView;
  now: number;
  onKeepAwake: (hours: number) => void;
  busy: boolean;
}) {
  if (view.state === 'off') return null;
  const headline = sleepHeadline(view, now);
  const wake = wakeLine(view, now);
  const asleep = view.state === 'asleep' || view.state === 'falling-asleep';
  const tone = asleep ? 'border-indigo-200 bg-indigo-50 text-indigo-950 dark:border-indigo-900/60 dark:bg-indigo-950/40 dark:text-indigo-100' : 'border-slate-200 bg-white text-slate-900 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-100';
  return (
    <div role="status" data-testid="sleep-status" className={cx('mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border px-4 py-3 text-sm', tone)}>
      <div className="min-w-0 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span data-testid="sleep-headline">{headline}</span>
          {view.state === 'asleep' && view.asleepReason && <Badge tone="indigo">{view.asleepReason === 'idle' ? 'idle time' : 'schedule'}</Badge>}
          {view.keepAwakeUntil && <Badge tone="yellow">kept awake until {clockTime(view.keepAwakeUntil, now)}{view.keepAwakeBy ? ` (${view.keepAwakeBy})` : ''}</Badge>}
        </p>
        {asleep && (
          <p className="text-slate-700 dark:text-slate-300">
            {view.wakesAt ? `Wakes by schedule at ${clockTime(view.wakesAt, now)}, or` : 'Wakes'} on first use through Cubby: kubectl just works, the first request waits while it starts.
          </p>
        )}
        {!asleep && wake && (
          <p className="text-slate-600 dark:text-slate-400" data-testid="sleep-last-wake">
            {wake}
          </p>
        )}
      </div>
      {view.state !== 'paused-by-hand' &&
        (view.keepAwakeUntil ? (
          <Button variant="secondary" size="sm" onClick={() => onKeepAwake(0)} loading={busy}>
            End keep-awake
          </Button>
        ) : (
          <Button variant={asleep ? 'primary' : 'secondary'} size="sm" onClick={() => onKeepAwake(2)} loading={busy}>
            {asleep ? 'Wake and keep awake for 2 hours' : 'Keep awake for 2 hours'}
          </Button>
        ))}
    </div>
  );
}
