// What sleep mode keeps on a vCluster's host namespace (the host is the database, like
// host-metadata.ts): the tenant's settings, keep-awake, where the vCluster is in falling asleep
// or waking, the last wake and a 7-day history. The pause itself is the vcluster CLI's
// (`loft.sh/paused` on the StatefulSet): these annotations only say that sleep mode did it, and
// why, so the schedule never wakes a vCluster someone paused by hand.
//
// Steps are written as intent first ("falling-asleep", "waking"), then done, then recorded as
// done, so a server that dies in between leaves an annotation the next leader finishes.
import type { NamespaceMetaLike } from '@/lib/vcluster/host-metadata';
import { VClusterSleepSettingsSchema, type VClusterSleepSettings } from './sleep-policy';

export const ANNOTATION_SLEEP_SETTINGS = 'cubby.dev/sleep-settings';
export const ANNOTATION_KEEP_AWAKE_UNTIL = 'cubby.dev/keep-awake-until';
export const ANNOTATION_KEEP_AWAKE_BY = 'cubby.dev/keep-awake-by';
/** `falling-asleep` | `asleep` | `waking`; absent while awake (or paused by hand). */
export const ANNOTATION_SLEEP_PHASE = 'cubby.dev/sleep-phase';
/** `idle` | `schedule`: why sleep mode put it to sleep. */
export const ANNOTATION_SLEEP_REASON = 'cubby.dev/sleep-reason';
export const ANNOTATION_ASLEEP_SINCE = 'cubby.dev/asleep-since';
/** JSON `{cpuMilli, memoryBytes}`: the requests that stopped when it fell asleep. */
export const ANNOTATION_SLEEP_FREED = 'cubby.dev/sleep-freed';
/** JSON `{at, reason, by?}`: the latest wake (or, while waking, the wake under way). */
export const ANNOTATION_LAST_WAKE = 'cubby.dev/last-wake';
/** Since when it has been running without sleep mode's help: idle time counts from here at least. */
export const ANNOTATION_AWAKE_SINCE = 'cubby.dev/awake-since';
/** JSON list of finished sleeps of the last 7 days (see SleepInterval). */
export const ANNOTATION_SLEEP_HISTORY = 'cubby.dev/sleep-history';

export const SLEEP_HISTORY_MS = 7 * 24 * 3600_000;
/** Bounds the annotation (~150 bytes an entry) even for a vCluster that sleeps every minute. */
export const MAX_SLEEP_HISTORY = 300;

export type SleepPhase = 'falling-asleep' | 'asleep' | 'waking';
export type SleepReason = 'idle' | 'schedule';
export type WakeReason = 'use' | 'schedule' | 'keep-awake' | 'manual';

export interface Freed {
  cpuMilli: number;
  memoryBytes: number;
}

export interface WakeRecord {
  at: string;
  reason: WakeReason;
  by?: string;
}

/** One sleep, from falling asleep to waking, with what it freed. */
export interface SleepInterval {
  from: string;
  to: string;
  reason: SleepReason;
  wake: WakeReason;
  by?: string;
  cpuMilli: number;
  memoryBytes: number;
}

export interface SleepState {
  settings?: VClusterSleepSettings;
  keepAwakeUntil?: Date;
  keepAwakeBy?: string;
  phase?: SleepPhase;
  reason?: SleepReason;
  asleepSince?: Date;
  freed?: Freed;
  lastWake?: WakeRecord;
  awakeSince?: Date;
  history: SleepInterval[];
}

function json(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function date(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const PHASES: readonly string[] = ['falling-asleep', 'asleep', 'waking'];
const REASONS: readonly string[] = ['idle', 'schedule'];
const WAKES: readonly string[] = ['use', 'schedule', 'keep-awake', 'manual'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Reads defensively: anything written by hand that does not parse counts as absent. */
export function sleepState(namespace: NamespaceMetaLike | undefined): SleepState {
  const a = namespace?.metadata?.annotations ?? {};
  const state: SleepState = { history: parseHistory(a[ANNOTATION_SLEEP_HISTORY]) };
  const settings = VClusterSleepSettingsSchema.safeParse(json(a[ANNOTATION_SLEEP_SETTINGS]));
  if (settings.success) state.settings = settings.data;
  const keep = date(a[ANNOTATION_KEEP_AWAKE_UNTIL]);
  if (keep) state.keepAwakeUntil = keep;
  if (a[ANNOTATION_KEEP_AWAKE_BY]) state.keepAwakeBy = a[ANNOTATION_KEEP_AWAKE_BY];
  const phase = a[ANNOTATION_SLEEP_PHASE];
  if (phase && PHASES.includes(phase)) state.phase = phase as SleepPhase;
  const reason = a[ANNOTATION_SLEEP_REASON];
  if (reason && REASONS.includes(reason)) state.reason = reason as SleepReason;
  const since = date(a[ANNOTATION_ASLEEP_SINCE]);
  if (since) state.asleepSince = since;
  const freed = json(a[ANNOTATION_SLEEP_FREED]);
  if (isObject(freed)) state.freed = { cpuMilli: finite(freed.cpuMilli), memoryBytes: finite(freed.memoryBytes) };
  const wake = json(a[ANNOTATION_LAST_WAKE]);
  if (isObject(wake) && typeof wake.at === 'string' && date(wake.at) && typeof wake.reason === 'string' && WAKES.includes(wake.reason)) {
    state.lastWake = { at: wake.at, reason: wake.reason as WakeReason, ...(typeof wake.by === 'string' ? { by: wake.by } : {}) };
  }
  const awake = date(a[ANNOTATION_AWAKE_SINCE]);
  if (awake) state.awakeSince = awake;
  return state;
}

function parseHistory(text: string | undefined): SleepInterval[] {
  const parsed = json(text);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (e): e is SleepInterval =>
      isObject(e) && typeof e.from === 'string' && typeof e.to === 'string' && date(e.from) !== undefined && date(e.to) !== undefined &&
      typeof e.reason === 'string' && REASONS.includes(e.reason) && typeof e.wake === 'string' && WAKES.includes(e.wake),
  );
}

/** The history with one more interval, older than 7 days (by its end) and beyond the cap dropped. */
export function appendHistory(history: readonly SleepInterval[], entry: SleepInterval, now: Date): SleepInterval[] {
  const cutoff = now.getTime() - SLEEP_HISTORY_MS;
  return [...history, entry].filter((e) => new Date(e.to).getTime() >= cutoff).slice(-MAX_SLEEP_HISTORY);
}

/** Whether sleep mode put it to sleep (or is doing so): the only pauses it may undo. */
export function asleepBySleepMode(state: SleepState): boolean {
  return state.phase === 'asleep' || state.phase === 'falling-asleep' || state.phase === 'waking';
}

export function keptAwake(state: SleepState, now: Date): boolean {
  return state.keepAwakeUntil !== undefined && state.keepAwakeUntil.getTime() > now.getTime();
}

/** Annotation values as a merge patch wants them: null removes. */
export type AnnotationPatch = Record<string, string | null>;
