import { describe, expect, it } from 'vitest';
import type { VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';
import { duration, sleepHeadline, wakeLine } from './sleep-text';

const now = new Date('2026-12-02T12:00:00').getTime();
const base: VClusterSleepView = { state: 'awake', settings: {}, effective: { afterIdleMinutes: 30 } };

describe('sleep words', () => {
  it('says when it sleeps', () => {
    expect(sleepHeadline({ ...base, sleepsAt: new Date(now + 23 * 60_000).toISOString(), sleepsBy: 'idle' }, now)).toBe('Sleeps in 23 min');
    expect(sleepHeadline({ ...base, sleepsAt: new Date(now + 125 * 60_000).toISOString(), sleepsBy: 'idle' }, now)).toBe('Sleeps in 2 h 5 min');
    expect(sleepHeadline({ ...base, sleepsAt: new Date('2026-12-02T19:00:00').toISOString(), sleepsBy: 'schedule' }, now)).toMatch(/^Sleeps at 19:00 \(schedule\)$/);
    expect(sleepHeadline(base, now)).toBe('Never sleeps');
  });

  it('says since when it sleeps and how it woke', () => {
    expect(sleepHeadline({ ...base, state: 'asleep', asleepSince: new Date('2026-12-02T09:30:00').toISOString() }, now)).toBe('Asleep since 09:30');
    expect(wakeLine({ ...base, lastWake: { at: new Date('2026-12-02T08:12:00').toISOString(), reason: 'use', by: 'alice' } }, now)).toBe('Woke on use at 08:12 (alice)');
    expect(wakeLine({ ...base, lastWake: { at: new Date('2026-12-02T08:00:00').toISOString(), reason: 'schedule' } }, now)).toBe('Woke by schedule at 08:00');
    expect(duration(20_000)).toBe('1 min');
    expect(duration(0)).toBe('less than a minute');
  });
});
