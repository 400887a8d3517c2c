// A weekly sleep schedule: windows of wall-clock time in a named IANA time zone during which a
// vCluster sleeps ("19:00-08:00 Mon-Fri", "all day Sat and Sun"). Wall-clock times are compared
// in the zone itself (Intl, which Node ships with full ICU), so a window means the same local
// hours on both sides of a daylight-saving change; a window whose end is not after its start runs
// past midnight into the next day. No dependency: Intl answers "what time is it there", and the
// one inverse (a local time to an instant) is two rounds of offset correction.
import { z } from 'zod';
import { WEEKDAYS, type Weekday } from './weekdays';

export { WEEKDAYS, type Weekday };

export interface ScheduleWindow {
  /** The days the window starts on. */
  days: Weekday[];
  /** Local start, `HH:MM`. */
  from: string;
  /** Local end, `HH:MM` (`24:00` is the end of the day); not after `from` means the next day. */
  to: string;
}

export interface WeeklySchedule {
  /** IANA time zone name, e.g. `Europe/Berlin`. */
  timeZone: string;
  windows: ScheduleWindow[];
}

export const MAX_SCHEDULE_WINDOWS = 14;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ScheduleWindowSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1, 'a window needs at least one day').max(7).transform((days) => WEEKDAYS.filter((d) => days.includes(d))),
    from: z.string().regex(TIME, 'from must be a time like 19:00'),
    to: z.string().regex(TIME, 'to must be a time like 08:00 (24:00 for the end of the day)'),
  })
  .refine((w) => w.from !== '24:00', { message: 'from must be before 24:00', path: ['from'] });

export const WeeklyScheduleSchema = z.strictObject({
  timeZone: z.string().trim().min(1).max(64).refine(isTimeZone, 'timeZone must be an IANA time zone name such as Europe/Berlin or UTC'),
  windows: z.array(ScheduleWindowSchema).min(1, 'a schedule needs at least one window').max(MAX_SCHEDULE_WINDOWS),
});

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Windows as minute ranges relative to the local midnight of the day they start on. */
function ranges(window: ScheduleWindow): { start: number; end: number } {
  const start = minutesOf(window.from);
  let end = minutesOf(window.to);
  if (end <= start) end += 24 * 60;
  return { start, end };
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number; // 0 = mon
  minutes: number; // since local midnight
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

function localTime(instant: number, timeZone: string): LocalTime & { seconds: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAY_INDEX[parts.weekday!] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
  };
}

/** The zone's offset from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(instant: number, timeZone: string): number {
  const t = localTime(instant, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, 0, t.minutes, t.seconds);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time. A time skipped by a spring-forward change maps to the
 * instant just after the gap (the same minute count past the previous offset); a repeated one to
 * its first occurrence.
 */
export function instantOfLocal(timeZone: string, year: number, month: number, day: number, minutes: number): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  if (first === second) return first;
  // Two candidates: either the wall time exists at one of them, or it is in a gap.
  const candidates = [first, second].sort((a, b) => a - b);
  for (const c of candidates) if (c + offsetAt(c, timeZone) === wall) return c;
  return Math.max(first, second);
}

/** Local midnight `days` days after the given local date, as a local date. */
function addDays(t: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export interface ScheduleInterval {
  /** When the window began (ms since epoch). */
  start: number;
  /** When it ends (ms since epoch). */
  end: number;
}

/**
 * Every window occurrence that starts on a local day from `fromDay` to `toDay` days around
 * `instant`'s local date, as instants, by start.
 */
function occurrences(schedule: WeeklySchedule, instant: number, fromDay: number, toDay: number): ScheduleInterval[] {
  const here = localTime(instant, schedule.timeZone);
  const out: ScheduleInterval[] = [];
  for (let offset = fromDay; offset <= toDay; offset++) {
    const date = addDays(here, offset);
    const weekday = (((here.weekday + offset) % 7) + 7) % 7;
    for (const window of schedule.windows) {
      if (!window.days.includes(WEEKDAYS[weekday]!)) continue;
      const { start, end } = ranges(window);
      const startAt = instantOfLocal(schedule.timeZone, date.year, date.month, date.day, start);
      // The end is a wall time too (of the same or the next day), not start + a duration: a
      // night window over a DST change is an hour longer or shorter, as the clocks say.
      const endDate = end >= 24 * 60 ? addDays(date, 1) : date;
      const endAt = instantOfLocal(schedule.timeZone, endDate.year, endDate.month, endDate.day, end % (24 * 60));
      if (endAt > startAt) out.push({ start: startAt, end: endAt });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The window the instant is in, merged with any window it runs straight into (Fri 19:00-24:00
 * then Sat all day is one night off until Monday), or undefined outside every window.
 */
export function activeWindow(schedule: WeeklySchedule, at: Date | number): ScheduleInterval | undefined {
  const instant = typeof at === 'number' ? at : at.getTime();
  const all = merge(occurrences(schedule, instant, -7, 8));
  return all.find((w) => w.start <= instant && instant < w.end);
}

/** When the next window starts after the instant (within the next 8 days), if any. */
export function nextWindowStart(schedule: WeeklySchedule, at: Date | number): number | undefined {
  const instant = typeof at === 'number' ? at : at.getTime();
  return merge(occurrences(schedule, instant, -7, 8)).find((w) => w.start > instant)?.start;
}

function merge(intervals: ScheduleInterval[]): ScheduleInterval[] {
  const out: ScheduleInterval[] = [];
  for (const i of intervals) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Whether the schedule says "asleep" at the instant. */
export function inSleepWindow(schedule: WeeklySchedule, at: Date | number): boolean {
  return activeWindow(schedule, at) !== undefined;
}

/** One line for the UI: `Mon–Fri 19:00–08:00, Sat–Sun all day (Europe/Berlin)`. */
export function describeSchedule(schedule: WeeklySchedule): string {
  const label = (d: Weekday) => d[0]!.toUpperCase() + d.slice(1);
  const days = (list: Weekday[]) => {
    const idx = list.map((d) => WEEKDAYS.indexOf(d));
    const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
    return contiguous && list.length > 2 ? `${label(list[0]!)}–${label(list[list.length - 1]!)}` : list.map(label).join(', ');
  };
  const parts = schedule.windows.map((w) => `${days(w.days)} ${w.from === '00:00' && w.to === '24:00' ? 'all day' : `${w.from}–${w.to}`}`);
  return `${parts.join('; ')} (${schedule.timeZone})`;
}
