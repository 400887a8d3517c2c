// The words the vCluster page uses for sleep mode: "sleeps in 23 min", "asleep since 19:00",
// "woke on use at 08:12 (alice)". Pure, so they are unit-tested.
import type { VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';

/** `19:00` today, else `Tue 19:00`, else `2 Dec 19:00`, in the browser's time zone. */
export function clockTime(iso: string, now: number): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = new Date(now).toDateString() === at.toDateString();
  if (sameDay) return time;
  const days = Math.abs(at.getTime() - now) / 86_400_000;
  if (days < 6) return `${at.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/** `23 min`, `2 h 5 min`, `less than a minute`. */
export function duration(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms <= 0 || minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function sleepHeadline(view: VClusterSleepView, now: number): string | undefined {
  switch (view.state) {
    case 'awake': {
      if (!view.sleepsAt) return 'Never sleeps';
      const left = new Date(view.sleepsAt).getTime() - now;
      if (left <= 0) return 'Falls asleep now';
      return view.sleepsBy === 'schedule' && left > 60 * 60_000 ? `Sleeps at ${clockTime(view.sleepsAt, now)} (schedule)` : `Sleeps in ${duration(left)}${view.sleepsBy === 'schedule' ? ' (schedule)' : ''}`;
    }
    case 'falling-asleep':
      return 'Falling asleep';
    case 'asleep':
      return `Asleep since ${view.asleepSince ? clockTime(view.asleepSince, now) : 'a moment ago'}`;
    case 'waking':
      return 'Waking up';
    case 'paused-by-hand':
      return 'Paused by hand: sleep mode leaves it alone';
    default:
      return undefined;
  }
}

export function wakeLine(view: VClusterSleepView, now: number): string | undefined {
  const wake = view.lastWake;
  if (!wake) return undefined;
  const at = clockTime(wake.at, now);
  const who = wake.by ? ` (${wake.by})` : '';
  switch (wake.reason) {
    case 'use':
      return `Woke on use at ${at}${who}`;
    case 'schedule':
      return `Woke by schedule at ${at}`;
    case 'keep-awake':
      return `Woken to keep awake at ${at}${who}`;
    default:
      return `Resumed by hand at ${at}${who}`;
  }
}
