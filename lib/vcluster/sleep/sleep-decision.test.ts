import { describe, expect, it } from 'vitest';
import { decide, nextSleep, scheduledWake, type SleepFacts } from './sleep-decision';
import type { SleepState } from './sleep-state';
import type { WeeklySchedule } from './weekly-schedule';

const nights: WeeklySchedule = { timeZone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '19:00', to: '08:00' }] };
const t = (iso: string) => new Date(iso);
// 2026-12-02 is a Wednesday.
const awake: SleepState = { history: [], awakeSince: t('2026-12-02T09:00:00Z') };

function facts(over: Partial<SleepFacts>): SleepFacts {
  return { now: t('2026-12-02T12:00:00Z'), effective: { afterIdleMinutes: 60 }, state: awake, paused: false, ...over };
}

describe('sleep decision', () => {
  it('sleeps after the idle time since the latest sign of life', () => {
    expect(decide(facts({ activity: { at: t('2026-12-02T11:30:00Z') } }))).toEqual({ action: 'none' });
    expect(decide(facts({ activity: { at: t('2026-12-02T10:59:00Z') } }))).toEqual({ action: 'sleep', reason: 'idle' });
    // No activity record: from when it was seen awake.
    expect(decide(facts({}))).toEqual({ action: 'sleep', reason: 'idle' });
    expect(decide(facts({ state: { ...awake, lastWake: { at: '2026-12-02T11:10:00Z', reason: 'use', by: 'alice' } } }))).toEqual({ action: 'none' });
    expect(nextSleep(facts({ activity: { at: t('2026-12-02T11:30:00Z') } }))).toEqual({ at: t('2026-12-02T12:30:00Z'), reason: 'idle' });
  });

  it('starts the idle count first when it never saw the vCluster awake', () => {
    expect(decide(facts({ state: { history: [] } }))).toEqual({ action: 'mark-awake' });
  });

  it('does not sleep a vCluster kept awake, until keep-awake ends', () => {
    const kept = { ...awake, keepAwakeUntil: t('2026-12-02T13:00:00Z'), keepAwakeBy: 'alice' };
    expect(decide(facts({ state: kept }))).toEqual({ action: 'none' });
    expect(decide(facts({ state: kept, effective: { schedule: nights }, now: t('2026-12-02T19:30:00Z') }))).toEqual({ action: 'sleep', reason: 'schedule' });
    expect(decide(facts({ state: { ...kept, keepAwakeUntil: t('2026-12-02T20:00:00Z') }, effective: { schedule: nights }, now: t('2026-12-02T19:30:00Z') }))).toEqual({ action: 'none' });
    expect(nextSleep(facts({ state: kept }))).toEqual({ at: t('2026-12-02T13:00:00Z'), reason: 'idle' });
  });

  it('sleeps at the start of a schedule window, and one woken inside it after the grace time', () => {
    const schedule = { schedule: nights };
    expect(decide(facts({ effective: schedule, now: t('2026-12-02T18:59:00Z'), activity: { at: t('2026-12-02T18:58:00Z') } }))).toEqual({ action: 'none' });
    expect(decide(facts({ effective: schedule, now: t('2026-12-02T19:00:00Z'), activity: { at: t('2026-12-02T18:58:00Z') } }))).toEqual({ action: 'sleep', reason: 'schedule' });
    const woke = { ...awake, lastWake: { at: '2026-12-02T22:00:00Z', reason: 'use' as const, by: 'alice' } };
    expect(decide(facts({ effective: schedule, state: woke, now: t('2026-12-02T22:10:00Z') }))).toEqual({ action: 'none' });
    expect(decide(facts({ effective: schedule, state: woke, now: t('2026-12-02T22:15:00Z') }))).toEqual({ action: 'sleep', reason: 'schedule' });
    expect(nextSleep(facts({ effective: schedule }))).toEqual({ at: t('2026-12-02T19:00:00Z'), reason: 'schedule' });
  });

  it('wakes by schedule only what the schedule put to sleep', () => {
    const bySchedule: SleepState = { history: [], phase: 'asleep', reason: 'schedule', asleepSince: t('2026-12-02T19:00:00Z') };
    const morning = t('2026-12-03T08:00:00Z');
    expect(decide(facts({ effective: { schedule: nights }, state: bySchedule, paused: true, now: t('2026-12-03T07:59:00Z') }))).toEqual({ action: 'none' });
    expect(decide(facts({ effective: { schedule: nights }, state: bySchedule, paused: true, now: morning }))).toEqual({ action: 'wake', reason: 'schedule' });
    expect(scheduledWake({ effective: { schedule: nights }, state: bySchedule, now: t('2026-12-02T23:00:00Z') })).toEqual(morning);
    const byIdle: SleepState = { ...bySchedule, reason: 'idle' };
    expect(decide(facts({ effective: { schedule: nights }, state: byIdle, paused: true, now: morning }))).toEqual({ action: 'none' });
  });

  it('never wakes a vCluster paused by hand', () => {
    expect(decide(facts({ paused: true, state: { history: [] }, effective: { schedule: nights }, now: t('2026-12-03T09:00:00Z') }))).toEqual({ action: 'none' });
    expect(decide(facts({ paused: true }))).toEqual({ action: 'clear-awake' });
  });

  it('wakes for keep-awake, notices a hand resume, and finishes what a server left half done', () => {
    const asleep: SleepState = { history: [], phase: 'asleep', reason: 'idle', keepAwakeUntil: t('2026-12-02T14:00:00Z'), keepAwakeBy: 'bob' };
    expect(decide(facts({ state: asleep, paused: true }))).toEqual({ action: 'wake', reason: 'keep-awake', by: 'bob' });
    expect(decide(facts({ state: asleep, paused: false }))).toEqual({ action: 'resumed-by-hand' });
    expect(decide(facts({ state: { history: [], phase: 'falling-asleep', reason: 'idle' } }))).toEqual({ action: 'finish-sleep' });
    expect(decide(facts({ state: { history: [], phase: 'waking' }, paused: true }))).toEqual({ action: 'finish-wake' });
  });

  it('never sleeps without a policy', () => {
    expect(decide(facts({ effective: {} }))).toEqual({ action: 'none' });
    expect(nextSleep(facts({ effective: {} }))).toBeUndefined();
  });
});
