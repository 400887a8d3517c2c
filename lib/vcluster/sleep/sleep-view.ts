// What the pages show of a vCluster's sleep mode ("sleeps in 23 min", "asleep since 19:00",
// "woke on use at 08:12 (alice)"), and the per-tenant 7-day figures of the admin overview, from
// the namespace and workload the host cache holds. Pure: no API calls.
import { recordedActivity } from '@/lib/vcluster/activity';
import type { NamespaceMetaLike } from '@/lib/vcluster/host-metadata';
import { isPaused, type StatefulSetLike } from '@/lib/vcluster/status';
import type { Template } from '@/lib/tenancy/model';
import { nextSleep, scheduledWake, lastSignOfLife } from './sleep-decision';
import { effectiveSleep, type EffectiveSleep, type TemplateSleepPolicy, type VClusterSleepSettings } from './sleep-policy';
import { keptAwake, SLEEP_HISTORY_MS, sleepState, type SleepInterval, type SleepReason, type WakeRecord } from './sleep-state';
import { describeSchedule } from './weekly-schedule';

export type SleepDisplayState = 'off' | 'awake' | 'falling-asleep' | 'asleep' | 'waking' | 'paused-by-hand';

export interface VClusterSleepView {
  state: SleepDisplayState;
  /** The template's policy; absent: no sleep mode for this vCluster. */
  policy?: TemplateSleepPolicy;
  /** What the tenant stored (absent fields: the template's defaults). */
  settings: VClusterSleepSettings;
  effective: EffectiveSleep;
  scheduleText?: string;
  sleepsAt?: string;
  sleepsBy?: SleepReason;
  asleepSince?: string;
  asleepReason?: SleepReason;
  /** When the schedule wakes it; absent while asleep: on use only. */
  wakesAt?: string;
  lastWake?: WakeRecord;
  keepAwakeUntil?: string;
  keepAwakeBy?: string;
  lastActivity?: { at: string; by?: string };
  /** Idle time counts from here. */
  idleSince?: string;
}

export function buildSleepView(input: { namespace: NamespaceMetaLike; workload?: StatefulSetLike; template?: Template; now: Date }): VClusterSleepView {
  const { namespace, workload, template, now } = input;
  const state = sleepState(namespace);
  const policy = template?.spec.sleep;
  const effective = effectiveSleep(policy, state.settings);
  const paused = isPaused(workload);
  const activity = recordedActivity(namespace);
  const createdAt = namespace.metadata?.creationTimestamp ? new Date(namespace.metadata.creationTimestamp) : undefined;
  const view: VClusterSleepView = {
    state: state.phase ?? (paused ? 'paused-by-hand' : policy ? 'awake' : 'off'),
    settings: state.settings ?? {},
    effective,
  };
  if (policy) view.policy = policy;
  if (effective.schedule) view.scheduleText = describeSchedule(effective.schedule);
  if (activity) view.lastActivity = { at: activity.at.toISOString(), ...(activity.by ? { by: activity.by } : {}) };
  if (state.lastWake) view.lastWake = state.lastWake;
  if (keptAwake(state, now)) {
    view.keepAwakeUntil = state.keepAwakeUntil!.toISOString();
    if (state.keepAwakeBy) view.keepAwakeBy = state.keepAwakeBy;
  }
  if (state.asleepSince) view.asleepSince = state.asleepSince.toISOString();
  if (state.reason) view.asleepReason = state.reason;
  if (view.state === 'awake') {
    const facts = { now, effective, state, paused, ...(activity ? { activity } : {}), ...(createdAt ? { createdAt } : {}) };
    const next = nextSleep(facts);
    if (next) {
      view.sleepsAt = next.at.toISOString();
      view.sleepsBy = next.reason;
    }
    const life = lastSignOfLife(facts);
    if (life) view.idleSince = life.toISOString();
  }
  if (view.state === 'asleep') {
    const wake = scheduledWake({ effective, state, now });
    if (wake) view.wakesAt = wake.toISOString();
  }
  return view;
}

export interface TenantSleepFigures {
  tenant: string;
  /** Hours asleep over the last 7 days, summed over the tenant's vClusters. */
  hoursAsleep: number;
  /** Requests freed, integrated over time: millicore-hours and byte-hours. */
  cpuMilliHours: number;
  memoryByteHours: number;
  /** What sleeping vClusters free right now. */
  freedNow: { cpuMilli: number; memoryBytes: number };
  /** Hours asleep per day (oldest first, 7 entries, UTC days ending today). */
  daily: number[];
}

/** The last 7 days of one tenant's sleep, from each namespace's history and any sleep under way. */
export function tenantSleepFigures(tenant: string, namespaces: readonly NamespaceMetaLike[], now: Date): TenantSleepFigures {
  const end = now.getTime();
  const start = end - SLEEP_HISTORY_MS;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayStarts = Array.from({ length: 7 }, (_, i) => today - (6 - i) * 86_400_000);
  const out: TenantSleepFigures = { tenant, hoursAsleep: 0, cpuMilliHours: 0, memoryByteHours: 0, freedNow: { cpuMilli: 0, memoryBytes: 0 }, daily: dayStarts.map(() => 0) };
  for (const ns of namespaces) {
    const state = sleepState(ns);
    const intervals: Pick<SleepInterval, 'from' | 'to' | 'cpuMilli' | 'memoryBytes'>[] = [...state.history];
    if (state.phase && state.asleepSince) {
      intervals.push({ from: state.asleepSince.toISOString(), to: now.toISOString(), cpuMilli: state.freed?.cpuMilli ?? 0, memoryBytes: state.freed?.memoryBytes ?? 0 });
      out.freedNow.cpuMilli += state.freed?.cpuMilli ?? 0;
      out.freedNow.memoryBytes += state.freed?.memoryBytes ?? 0;
    }
    for (const i of intervals) {
      const from = Math.max(start, new Date(i.from).getTime());
      const to = Math.min(end, new Date(i.to).getTime());
      if (to <= from) continue;
      const hours = (to - from) / 3600_000;
      out.hoursAsleep += hours;
      out.cpuMilliHours += hours * i.cpuMilli;
      out.memoryByteHours += hours * i.memoryBytes;
      dayStarts.forEach((d, k) => {
        const overlap = Math.min(to, d + 86_400_000) - Math.max(from, d);
        if (overlap > 0) out.daily[k]! += overlap / 3600_000;
      });
    }
  }
  return out;
}
