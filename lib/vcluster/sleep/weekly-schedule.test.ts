import { describe, expect, it } from 'vitest';
import { activeWindow, describeSchedule, inSleepWindow, instantOfLocal, nextWindowStart, WeeklyScheduleSchema, type WeeklySchedule } from './weekly-schedule';

const nights: WeeklySchedule = {
  timeZone: 'Europe/Berlin',
  windows: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '19:00', to: '08:00' },
    { days: ['sat', 'sun'], from: '00:00', to: '24:00' },
  ],
};

const at = (iso: string) => new Date(iso).getTime();

describe('weekly schedule', () => {
  it('is asleep in the evening and at night in the zone, awake in the day', () => {
    // 2026-12-02 is a Wednesday; Berlin is UTC+1 in winter.
    expect(inSleepWindow(nights, at('2026-12-02T17:59:00Z'))).toBe(false); // 18:59 local
    expect(inSleepWindow(nights, at('2026-12-02T18:00:00Z'))).toBe(true); // 19:00 local
    expect(inSleepWindow(nights, at('2026-12-03T06:59:00Z'))).toBe(true); // Thu 07:59
    expect(inSleepWindow(nights, at('2026-12-03T07:00:00Z'))).toBe(false); // Thu 08:00
    expect(inSleepWindow(nights, at('2026-12-02T12:00:00Z'))).toBe(false);
  });

  it('merges Friday night into the weekend until Monday 08:00', () => {
    const window = activeWindow(nights, at('2026-12-06T12:00:00Z')); // Sunday noon
    expect(window && new Date(window.start).toISOString()).toBe('2026-12-04T18:00:00.000Z'); // Fri 19:00
    // Sunday 24:00 meets no Monday-morning window: the weekday windows start in the evening.
    expect(window && new Date(window.end).toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(inSleepWindow(nights, at('2026-12-07T05:00:00Z'))).toBe(false); // Mon 06:00 local
  });

  it('finds the next window start', () => {
    expect(new Date(nextWindowStart(nights, at('2026-12-02T12:00:00Z'))!).toISOString()).toBe('2026-12-02T18:00:00.000Z');
    // During Friday's window, the next one starts Monday 19:00.
    expect(new Date(nextWindowStart(nights, at('2026-12-05T12:00:00Z'))!).toISOString()).toBe('2026-12-07T18:00:00.000Z');
  });

  it('keeps local hours across a daylight-saving change (Europe/Berlin, 2027-03-28)', () => {
    // Saturday 2027-03-27 is UTC+1, Monday 2027-03-29 is UTC+2. The weekend window ends at
    // Sunday 24:00 local = 22:00 UTC; Monday's 19:00 local is 17:00 UTC.
    const sunday = activeWindow(nights, at('2027-03-28T12:00:00Z'))!;
    expect(new Date(sunday.end).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(new Date(nextWindowStart(nights, at('2027-03-29T12:00:00Z'))!).toISOString()).toBe('2027-03-29T17:00:00.000Z');
    expect(inSleepWindow(nights, at('2027-03-29T16:59:00Z'))).toBe(false);
    expect(inSleepWindow(nights, at('2027-03-29T17:00:00Z'))).toBe(true);
  });

  it('measures a night window over the autumn change by the clocks (America/New_York, 2026-11-01)', () => {
    const ny: WeeklySchedule = { timeZone: 'America/New_York', windows: [{ days: ['sat'], from: '22:00', to: '06:00' }] };
    // Sat 2026-10-31 22:00 EDT (02:00 UTC) to Sun 06:00 EST (11:00 UTC): nine hours.
    const w = activeWindow(ny, at('2026-11-01T05:00:00Z'))!;
    expect(new Date(w.start).toISOString()).toBe('2026-11-01T02:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-11-01T11:00:00.000Z');
  });

  it('maps a local time skipped by spring-forward to just after the gap', () => {
    // 02:30 does not exist in Berlin on 2027-03-28 (02:00 -> 03:00).
    expect(new Date(instantOfLocal('Europe/Berlin', 2027, 3, 28, 150)).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(new Date(instantOfLocal('Europe/Berlin', 2027, 3, 28, 180)).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('validates zone names and times', () => {
    expect(WeeklyScheduleSchema.safeParse(nights).success).toBe(true);
    expect(WeeklyScheduleSchema.safeParse({ ...nights, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(WeeklyScheduleSchema.safeParse({ timeZone: 'UTC', windows: [{ days: ['mon'], from: '25:00', to: '08:00' }] }).success).toBe(false);
    expect(WeeklyScheduleSchema.safeParse({ timeZone: 'UTC', windows: [] }).success).toBe(false);
    expect(WeeklyScheduleSchema.safeParse({ timeZone: 'UTC', windows: [{ days: ['xyz'], from: '19:00', to: '08:00' }] }).success).toBe(false);
  });

  it('describes itself in one line', () => {
    expect(describeSchedule(nights)).toBe('Mon–Fri 19:00–08:00; Sat, Sun all day (Europe/Berlin)');
  });
});
