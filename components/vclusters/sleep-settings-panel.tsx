'use client';
// Sleep mode's settings form on the vCluster page's Sleep tab, within the template's bounds.
// Presentational: the page passes data and callbacks. The status line is sleep-status.tsx.
import { useState } from 'react';
import type { VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';
import type { VClusterSleepSettings } from '@/lib/vcluster/sleep/sleep-policy';
import { WEEKDAYS, type Weekday } from '@/lib/vcluster/sleep/weekdays';
import type { ScheduleWindow, WeeklySchedule } from '@/lib/vcluster/sleep/weekly-schedule';
import { Button } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { Field, TextInput, describedBy } from '@/components/ui/field';
import { Panel, PanelHeader } from '@/components/ui/panel';

type IdleChoice = 'default' | 'minutes' | 'never';
type ScheduleChoice = 'default' | 'none' | 'custom';

const DAY_LABEL: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

function defaultSchedule(): WeeklySchedule {
  let timeZone = 'UTC';
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    // keep UTC
  }
  return { timeZone, windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '19:00', to: '08:00' }, { days: ['sat', 'sun'], from: '00:00', to: '24:00' }] };
}

export function SleepSettingsPanel({
  view,
  onSave,
  saving,
  error,
  readOnlyReason,
}: {
  view: VClusterSleepView;
  onSave: (settings: VClusterSleepSettings) => void;
  saving: boolean;
  error?: string;
  readOnlyReason?: string;
}) {
  const policy = view.policy;
  const stored = view.settings;
  const [idle, setIdle] = useState<IdleChoice>(stored.afterIdleMinutes === undefined ? 'default' : stored.afterIdleMinutes === null ? 'never' : 'minutes');
  const [minutes, setMinutes] = useState(String(stored.afterIdleMinutes ?? policy?.afterIdleMinutes?.default ?? policy?.afterIdleMinutes?.min ?? 60));
  const [scheduleChoice, setScheduleChoice] = useState<ScheduleChoice>(stored.schedule === undefined ? 'default' : stored.schedule === null ? 'none' : 'custom');
  const [schedule, setSchedule] = useState<WeeklySchedule>(stored.schedule ?? policy?.schedule ?? defaultSchedule());

  if (!policy) {
    return (
      <Panel className="p-6 text-sm text-slate-600 dark:text-slate-400">
        This vCluster’s template offers no sleep mode: it runs until it is paused or deleted.
      </Panel>
    );
  }
  const bounds = policy.afterIdleMinutes;
  const locked = !policy.allowTenantChange || !!readOnlyReason;
  const n = Number(minutes);
  const minutesProblem = idle === 'minutes' && bounds && (!Number.isInteger(n) || n < bounds.min || n > bounds.max) ? `Between ${bounds.min} and ${bounds.max} minutes.` : undefined;
  const submit = () => {
    const settings: VClusterSleepSettings = {};
    if (idle === 'never') settings.afterIdleMinutes = null;
    if (idle === 'minutes') settings.afterIdleMinutes = n;
    if (scheduleChoice === 'none') settings.schedule = null;
    if (scheduleChoice === 'custom') settings.schedule = schedule;
    onSave(settings);
  };
  const setWindow = (i: number, change: Partial<ScheduleWindow>) => setSchedule({ ...schedule, windows: schedule.windows.map((w, k) => (k === i ? { ...w, ...change } : w)) });
  const defaultIdle = bounds?.default !== undefined ? `${bounds.default} min` : 'never';

  return (
    <Panel>
      <PanelHeader
        title="Sleep mode"
        description={
          <>
            Asleep, the control plane and the pods it synced stop, as <code className="font-mono text-xs">vcluster pause</code> does; the data stays. It wakes on first use through Cubby.
            {' '}In effect: {view.effective.afterIdleMinutes ? `sleeps after ${view.effective.afterIdleMinutes} min without activity` : 'never sleeps on idle'}; {view.scheduleText ? `asleep ${view.scheduleText}` : 'no schedule'}.
          </>
        }
      />
      <form
        className="space-y-6 p-4 sm:p-6"
        onSubmit={(e) => {
          e.preventDefault();
          if (!minutesProblem) submit();
        }}
      >
        {locked && (
          <p className="text-sm text-slate-600 dark:text-slate-400">{readOnlyReason ?? 'The template decides these settings; tenants cannot change them.'}</p>
        )}
        <fieldset disabled={locked} className="space-y-3">
          <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Sleep when idle</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            <Radio name="idle" checked={idle === 'default'} onChange={() => setIdle('default')} label={`Template default (${bounds ? defaultIdle : 'not offered'})`} />
            {bounds && <Radio name="idle" checked={idle === 'minutes'} onChange={() => setIdle('minutes')} label="After" />}
            {policy.allowNever && <Radio name="idle" checked={idle === 'never'} onChange={() => setIdle('never')} label="Never" />}
          </div>
          {idle === 'minutes' && bounds && (
            <Field id="sleep-minutes" label="Minutes without activity" hint={`${bounds.min}–${bounds.max} minutes. Activity is any request through Cubby’s gateway, and open streams.`} error={minutesProblem} className="max-w-xs">
              <TextInput id="sleep-minutes" type="number" inputMode="numeric" min={bounds.min} max={bounds.max} value={minutes} onChange={(e) => setMinutes(e.target.value)} invalid={!!minutesProblem} {...describedBy('sleep-minutes', { hint: true, error: minutesProblem })} />
            </Field>
          )}
        </fieldset>
        <fieldset disabled={locked} className="space-y-3">
          <legend className="text-sm font-medium text-slate-900 dark:text-slate-100">Weekly schedule</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
            <Radio name="schedule" checked={scheduleChoice === 'default'} onChange={() => setScheduleChoice('default')} label={`Template default (${policy.schedule ? 'a schedule' : 'none'})`} />
            <Radio name="schedule" checked={scheduleChoice === 'none'} onChange={() => setScheduleChoice('none')} label="No schedule" />
            <Radio name="schedule" checked={scheduleChoice === 'custom'} onChange={() => setScheduleChoice('custom')} label="Asleep during these hours" />
          </div>
          {scheduleChoice === 'custom' && (
            <div className="space-y-3">
              <Field id="sleep-zone" label="Time zone" hint="An IANA name, e.g. Europe/Berlin, America/New_York or UTC." className="max-w-xs">
                <TextInput id="sleep-zone" value={schedule.timeZone} onChange={(e) => setSchedule({ ...schedule, timeZone: e.target.value })} {...describedBy('sleep-zone', { hint: true })} />
              </Field>
              <ul className="space-y-2">
                {schedule.windows.map((w, i) => (
                  <li key={i} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-2 dark:border-slate-800">
                    <div className="flex flex-wrap gap-1" role="group" aria-label={`Days of window ${i + 1}`}>
                      {WEEKDAYS.map((d) => {
                        const on = w.days.includes(d);
                        return (
                          <button
                            key={d}
                            type="button"
                            aria-pressed={on}
                            onClick={() => setWindow(i, { days: on ? w.days.filter((x) => x !== d) : WEEKDAYS.filter((x) => x === d || w.days.includes(x)) })}
                            className={cx(
                              'rounded px-2 py-1 text-xs font-medium ring-1 ring-inset',
                              on ? 'bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-500 dark:ring-indigo-500' : 'bg-white text-slate-700 ring-slate-300 dark:bg-slate-950 dark:text-slate-300 dark:ring-slate-700',
                            )}
                          >
                            {DAY_LABEL[d]}
                          </button>
                        );
                      })}
                    </div>
                    <label className="flex items-center gap-1 text-sm text-slate-700 dark:text-slate-300">
                      from
                      <TextInput aria-label={`Window ${i + 1} from`} className="w-24" value={w.from} onChange={(e) => setWindow(i, { from: e.target.value })} placeholder="19:00" />
                    </label>
                    <label className="flex items-center gap-1 text-sm text-slate-700 dark:text-slate-300">
                      to
                      <TextInput aria-label={`Window ${i + 1} to`} className="w-24" value={w.to} onChange={(e) => setWindow(i, { to: e.target.value })} placeholder="08:00" />
                    </label>
                    <Button variant="ghost" size="sm" onClick={() => setSchedule({ ...schedule, windows: schedule.windows.filter((_, k) => k !== i) })} disabled={schedule.windows.length === 1}>
                      Remove
                    </Button>
                  </li>
                ))}
              </ul>
              <Button variant="secondary" size="sm" onClick={() => setSchedule({ ...schedule, windows: [...schedule.windows, { days: ['mon'], from: '19:00', to: '08:00' }] })}>
                Add a window
              </Button>
              <p className="text-xs text-slate-500 dark:text-slate-400">A window whose end is not after its start runs into the next day; 24:00 is midnight at the end of the day.</p>
            </div>
          )}
        </fieldset>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {!locked && (
          <div className="flex justify-end">
            <Button type="submit" loading={saving} disabled={!!minutesProblem}>
              Save sleep settings
            </Button>
          </div>
        )}
      </form>
    </Panel>
  );
}

function Radio({ name, checked, onChange, label }: { name: string; checked: boolean; onChange: () => void; label: string }) {
  return (
    <label className="inline-flex items-center gap-2 text-slate-800 dark:text-slate-200">
      <input type="radio" name={name} checked={checked} onChange={onChange} className="size-4 accent-indigo-600" />
      {label}
    </label>
  );
}
