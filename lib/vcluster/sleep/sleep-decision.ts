// What sleep mode should do with one vCluster now, and what it will do next: pure functions of
// the clock, the settings in effect and what the host says, so the controller, the API and the
// tests all read the same answer.
//
// Idle time counts from the latest sign of life: the gateway's activity record (activity.ts),
// the latest wake, or when Cubby first saw it running without sleep mode (`awake-since`, which the
// controller writes), whichever is latest. A schedule window sleeps a vCluster that has shown no
// life since the window began; one woken on use inside a window sleeps again once idle for
// SCHEDULE_GRACE_MINUTES, so "asleep 19:00-08:00" still lets someone work late.
import type { RecordedActivity } from '@/lib/vcluster/activity';
import type { EffectiveSleep } from './sleep-policy';
import { asleepBySleepMode, keptAwake, type SleepReason, type SleepState, type WakeReason } from './sleep-state';
import { activeWindow, nextWindowStart } from './weekly-schedule';

export const SCHEDULE_GRACE_MINUTES = 15;

export interface SleepFacts {
  now: Date;
  effective: EffectiveSleep;
  state: SleepState;
  /** `loft.sh/paused=true` on the control plane. */
  paused: boolean;
  activity?: RecordedActivity;
  /** The namespace's creation time: the floor of every idle count. */
  createdAt?: Date;
  /** How long a "minute" of idle time lasts; 60 000 except in tests. */
  minuteMs?: number;
}

export type SleepDecision =
  | { action: 'none' }
  | { action: 'sleep'; reason: SleepReason }
  | { action: 'wake'; reason: Extract<WakeReason, 'schedule' | 'keep-awake'>; by?: string }
  /** An intent a server left behind: pause (again; idempotent) and record it. */
  | { action: 'finish-sleep' }
  | { action: 'finish-wake' }
  /** Asleep by sleep mode, but someone resumed it (`vcluster resume`, Cubby's Resume). */
  | { action: 'resumed-by-hand' }
  /** Running without a record of since when: start the idle count now. */
  | { action: 'mark-awake' }
  /** Paused by hand: the idle count starts again at the next resume. */
  | { action: 'clear-awake' };

/** The latest sign of life, or undefined when there is none at all. */
export function lastSignOfLife(facts: Pick<SleepFacts, 'state' | 'activity' | 'createdAt'>): Date | undefined {
  const times = [facts.activity?.at, facts.state.awakeSince, facts.state.lastWake ? new Date(facts.state.lastWake.at) : undefined, facts.createdAt]
    .filter((d): d is Date => d !== undefined && !Number.isNaN(d.getTime()))
    .map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : undefined;
}

export function decide(facts: SleepFacts): SleepDecision {
  const { state, paused, now } = facts;
  if (state.phase === 'falling-asleep') return { action: 'finish-sleep' };
  if (state.phase === 'waking') return { action: 'finish-wake' };
  if (state.phase === 'asleep') {
    if (!paused) return { action: 'resumed-by-hand' };
    if (keptAwake(state, now)) return { action: 'wake', reason: 'keep-awake', ...(state.keepAwakeBy ? { by: state.keepAwakeBy } : {}) };
    if (state.reason === 'schedule') {
      const schedule = facts.effective.schedule;
      if (!schedule || !activeWindow(schedule, now)) return { action: 'wake', reason: 'schedule' };
    }
    return { action: 'none' };
  }
  // Not asleep by sleep mode.
  if (paused) return state.awakeSince ? { action: 'clear-awake' } : { action: 'none' };
  if (!state.awakeSince) return { action: 'mark-awake' };
  const next = nextSleep(facts);
  if (next && next.at.getTime() <= now.getTime()) return { action: 'sleep', reason: next.reason };
  return { action: 'none' };
}

/** When an awake vCluster will fall asleep if nothing happens meanwhile, and why. */
export function nextSleep(facts: SleepFacts): { at: Date; reason: SleepReason } | undefined {
  const { effective, state, now } = facts;
  if (asleepBySleepMode(state) || facts.paused) return undefined;
  const minute = facts.minuteMs ?? 60_000;
  const life = (lastSignOfLife(facts) ?? now).getTime();
  const floor = keptAwake(state, now) ? state.keepAwakeUntil!.getTime() : -Infinity;
  const candidates: { at: number; reason: SleepReason }[] = [];
  if (effective.afterIdleMinutes !== undefined) candidates.push({ at: Math.max(floor, life + effective.afterIdleMinutes * minute), reason: 'idle' });
  if (effective.schedule) {
    const grace = SCHEDULE_GRACE_MINUTES * minute;
    const window = activeWindow(effective.schedule, Math.max(now.getTime(), floor));
    if (window) {
      const at = life < window.start ? Math.max(window.start, floor) : Math.max(life + grace, floor);
      if (at < window.end) candidates.push({ at, reason: 'schedule' });
    }
    if (!window || candidates.every((c) => c.reason !== 'schedule')) {
      const start = nextWindowStart(effective.schedule, Math.max(now.getTime(), floor));
      if (start !== undefined) candidates.push({ at: start, reason: 'schedule' });
    }
  }
  if (candidates.length === 0) return undefined;
  const first = candidates.reduce((a, b) => (b.at < a.at ? b : a));
  return { at: new Date(first.at), reason: first.reason };
}

/** When a vCluster asleep by schedule wakes by itself (its window's end); undefined: on use only. */
export function scheduledWake(facts: Pick<SleepFacts, 'effective' | 'state' | 'now'>): Date | undefined {
  if (facts.state.phase !== 'asleep' || facts.state.reason !== 'schedule' || !facts.effective.schedule) return undefined;
  const window = activeWindow(facts.effective.schedule, facts.now);
  return window ? new Date(window.end) : undefined;
}
