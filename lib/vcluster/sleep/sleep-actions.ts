import 'server-only';
// The steps of falling asleep and waking, each safe to repeat, so whichever server runs them
// next (after a crash, or a wake-on-use racing the controller) converges:
//   fall asleep: measure the requests that will stop -> write intent (`falling-asleep`, reason,
//                since, freed) -> the CLI's pause (pause-resume.ts; a no-op when paused) ->
//                `asleep` -> audit
//   wake:        write intent (`waking`, last-wake) -> the CLI's resume (no-op when running) ->
//                close the interval into the history, clear the phase -> audit
// Intent writes are compare-and-swap on the namespace's resourceVersion: of two servers deciding
// at once, one writes and the other re-reads and finds the work taken.
import type { V1Namespace, V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { recordAudit } from '@/lib/tenancy/audit';
import { toMilli } from '@/lib/tenancy/quantity';
import { errorFields, log } from '@/lib/observability/logger';
import { LABEL_MANAGED_BY as LABEL_SYNCED_BY } from '@/lib/vcluster/host-object-name';
import type { LifecycleDeps } from '@/lib/vcluster/lifecycle-deps';
import { pauseVCluster, resumeVCluster } from '@/lib/vcluster/pause-resume';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import {
  ANNOTATION_ASLEEP_SINCE,
  ANNOTATION_AWAKE_SINCE,
  ANNOTATION_LAST_WAKE,
  ANNOTATION_SLEEP_FREED,
  ANNOTATION_SLEEP_HISTORY,
  ANNOTATION_SLEEP_PHASE,
  ANNOTATION_SLEEP_REASON,
  appendHistory,
  sleepState,
  type AnnotationPatch,
  type Freed,
  type SleepReason,
  type SleepState,
  type WakeReason,
  type WakeRecord,
} from './sleep-state';

/** Who the audit trail names for what sleep mode does on its own. */
export const SLEEP_MODE_ACTOR = 'cubby:sleep-mode';

const clock = (deps: LifecycleDeps) => (deps.now ?? (() => new Date()))();

/** CPU (millicores) and memory (bytes) requested by the vCluster's pods on the host right now. */
export async function measureRequests(client: KubeClient, ref: VClusterRef): Promise<Freed> {
  const [synced, controlPlane] = await Promise.all([
    client.list<V1Pod>(ResourceTypes.Pod, { namespace: ref.namespace, labelSelector: `${LABEL_SYNCED_BY}=${ref.name}` }),
    client.list<V1Pod>(ResourceTypes.Pod, { namespace: ref.namespace, labelSelector: `app=vcluster,release=${ref.name}` }),
  ]);
  let cpu = 0n;
  let memory = 0n;
  for (const pod of [...synced.items, ...controlPlane.items]) {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    for (const container of pod.spec?.containers ?? []) {
      const requests = container.resources?.requests ?? {};
      try {
        if (requests.cpu) cpu += toMilli(String(requests.cpu));
        if (requests.memory) memory += toMilli(String(requests.memory));
      } catch {
        // The API server accepted it, so it parses; a figure that does not is left out.
      }
    }
  }
  return { cpuMilli: Number(cpu), memoryBytes: Number((memory + 999n) / 1000n) };
}

/**
 * Writes annotations with the read resourceVersion as precondition; false when someone changed
 * the namespace since (the caller re-reads and decides again).
 */
async function casAnnotations(client: KubeClient, namespace: V1Namespace, annotations: AnnotationPatch): Promise<boolean> {
  try {
    await client.patch(ResourceTypes.Namespace, namespace.metadata!.name!, undefined, {
      metadata: { resourceVersion: namespace.metadata?.resourceVersion, annotations },
    });
    return true;
  } catch (error) {
    if (error instanceof KubeError && error.status === 409) return false;
    throw error;
  }
}

async function readNamespace(client: KubeClient, ref: VClusterRef): Promise<V1Namespace> {
  return client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace);
}

async function audit(deps: LifecycleDeps, ref: VClusterRef, action: 'vcluster.sleep' | 'vcluster.wake', user: string, message: string, at: Date): Promise<void> {
  try {
    await recordAudit(deps.client, { actor: { user }, action, tenant: ref.tenant, vcluster: ref.name, result: 'success', message, at });
  } catch (error) {
    // recordAudit logged the record itself; sleep mode must not stop because the trail is down.
    log.warn({ component: 'sleep', ...errorFields(error) }, 'could not record a sleep-mode audit record');
  }
}

/** What an awake vCluster no longer carries of its last sleep. */
const SLEEP_CLEARED = {
  [ANNOTATION_SLEEP_PHASE]: null,
  [ANNOTATION_SLEEP_REASON]: null,
  [ANNOTATION_ASLEEP_SINCE]: null,
  [ANNOTATION_SLEEP_FREED]: null,
} as const;

export interface StepResult {
  /** False when another server (or a change) got there first: decide again on fresh state. */
  done: boolean;
}

/** Puts the vCluster to sleep (or finishes doing so); idempotent. */
export async function fallAsleep(deps: LifecycleDeps, ref: VClusterRef, reason: SleepReason): Promise<StepResult> {
  let namespace = await readNamespace(deps.client, ref);
  let state = sleepState(namespace);
  if (state.phase === 'asleep') return { done: true };
  if (state.phase === 'waking') return { done: false };
  if (state.phase !== 'falling-asleep') {
    const now = clock(deps);
    // Measured before the pause: pausing deletes the synced pods.
    const freed = await measureRequests(deps.client, ref);
    const wrote = await casAnnotations(deps.client, namespace, {
      [ANNOTATION_SLEEP_PHASE]: 'falling-asleep',
      [ANNOTATION_SLEEP_REASON]: reason,
      [ANNOTATION_ASLEEP_SINCE]: now.toISOString(),
      [ANNOTATION_SLEEP_FREED]: JSON.stringify(freed),
    });
    if (!wrote) return { done: false };
    namespace = await readNamespace(deps.client, ref);
    state = sleepState(namespace);
  }
  await pauseVCluster(deps, { tenant: ref.tenant, name: ref.name, actor: 'service-account' });
  const wrote = await casAnnotations(deps.client, namespace, { [ANNOTATION_SLEEP_PHASE]: 'asleep', [ANNOTATION_AWAKE_SINCE]: null });
  if (!wrote) return { done: false };
  const since = state.asleepSince ?? clock(deps);
  await audit(deps, ref, 'vcluster.sleep', SLEEP_MODE_ACTOR, `${(state.reason ?? reason) === 'idle' ? 'asleep after idle time' : 'asleep by schedule'}${freedText(state.freed)}`, since);
  return { done: true };
}

function freedText(freed: Freed | undefined): string {
  if (!freed) return '';
  return `; freed ${freed.cpuMilli}m CPU and ${Math.round(freed.memoryBytes / 1024 / 1024)} MiB memory requests`;
}

/**
 * Wakes a vCluster sleep mode put to sleep (or finishes waking it); a vCluster paused by hand is
 * left alone (`done: false, manual: true`).
 */
export async function wakeUp(deps: LifecycleDeps, ref: VClusterRef, reason: WakeReason, by?: string): Promise<StepResult & { manual?: boolean }> {
  let namespace = await readNamespace(deps.client, ref);
  let state = sleepState(namespace);
  if (!state.phase) return { done: false, manual: true };
  if (state.phase !== 'waking') {
    const wake: WakeRecord = { at: clock(deps).toISOString(), reason, ...(by ? { by } : {}) };
    const wrote = await casAnnotations(deps.client, namespace, { [ANNOTATION_SLEEP_PHASE]: 'waking', [ANNOTATION_LAST_WAKE]: JSON.stringify(wake) });
    if (!wrote) return { done: false };
    namespace = await readNamespace(deps.client, ref);
    state = sleepState(namespace);
  }
  await resumeVCluster(deps, { tenant: ref.tenant, name: ref.name, actor: 'service-account' });
  return closeSleep(deps, ref, namespace, state);
}

/** Asleep by sleep mode but running again (`vcluster resume`, or Cubby's Resume): record the wake. */
export async function noteResumedByHand(deps: LifecycleDeps, ref: VClusterRef, by?: string): Promise<StepResult> {
  const namespace = await readNamespace(deps.client, ref);
  const state = sleepState(namespace);
  if (state.phase !== 'asleep') return { done: false };
  const wake: WakeRecord = { at: clock(deps).toISOString(), reason: 'manual', ...(by ? { by } : {}) };
  return closeSleep(deps, ref, namespace, { ...state, lastWake: wake }, wake);
}

async function closeSleep(deps: LifecycleDeps, ref: VClusterRef, namespace: V1Namespace, state: SleepState, wakeOverride?: WakeRecord): Promise<StepResult> {
  const now = clock(deps);
  const wake = wakeOverride ?? state.lastWake ?? { at: now.toISOString(), reason: 'manual' as const };
  const history = state.asleepSince
    ? appendHistory(
        state.history,
        {
          from: state.asleepSince.toISOString(),
          to: wake.at,
          reason: state.reason ?? 'idle',
          wake: wake.reason,
          ...(wake.by ? { by: wake.by } : {}),
          cpuMilli: state.freed?.cpuMilli ?? 0,
          memoryBytes: state.freed?.memoryBytes ?? 0,
        },
        now,
      )
    : state.history;
  const wrote = await casAnnotations(deps.client, namespace, {
    ...SLEEP_CLEARED,
    [ANNOTATION_LAST_WAKE]: JSON.stringify(wake),
    [ANNOTATION_AWAKE_SINCE]: wake.at,
    [ANNOTATION_SLEEP_HISTORY]: JSON.stringify(history),
  });
  if (!wrote) return { done: false };
  await audit(deps, ref, 'vcluster.wake', wake.by ?? SLEEP_MODE_ACTOR, wakeText(wake), new Date(wake.at));
  return { done: true };
}

export function wakeText(wake: WakeRecord): string {
  const who = wake.by ? ` (${wake.by})` : '';
  switch (wake.reason) {
    case 'use':
      return `woke on use${who}`;
    case 'schedule':
      return 'woke by schedule';
    case 'keep-awake':
      return `woke to keep awake${who}`;
    default:
      return `resumed by hand${who}`;
  }
}

/** Starts the idle count of a running vCluster (first seen awake, or resumed by hand). */
export async function markAwake(deps: LifecycleDeps, namespace: V1Namespace | string, ref: VClusterRef): Promise<StepResult> {
  const ns = typeof namespace === 'string' ? await readNamespace(deps.client, ref) : namespace;
  return { done: await casAnnotations(deps.client, ns, { [ANNOTATION_AWAKE_SINCE]: clock(deps).toISOString() }) };
}

/** Paused by hand: forget since when it was awake, so the count restarts at the next resume. */
export async function clearAwake(deps: LifecycleDeps, ref: VClusterRef): Promise<StepResult> {
  const ns = await readNamespace(deps.client, ref);
  return { done: await casAnnotations(deps.client, ns, { [ANNOTATION_AWAKE_SINCE]: null }) };
}

/**
 * A pause by hand of a vCluster sleep mode put to sleep makes it a pause by hand: nothing wakes
 * it but a resume. Called after Cubby's own Pause.
 */
export async function notePausedByHand(deps: LifecycleDeps, ref: VClusterRef, by: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const namespace = await readNamespace(deps.client, ref);
    const state = sleepState(namespace);
    if (!state.phase && !state.awakeSince) return;
    const history = state.asleepSince && state.phase === 'asleep'
      ? appendHistory(state.history, { from: state.asleepSince.toISOString(), to: clock(deps).toISOString(), reason: state.reason ?? 'idle', wake: 'manual', by, cpuMilli: state.freed?.cpuMilli ?? 0, memoryBytes: state.freed?.memoryBytes ?? 0 }, clock(deps))
      : state.history;
    const wrote = await casAnnotations(deps.client, namespace, {
      ...SLEEP_CLEARED,
      [ANNOTATION_AWAKE_SINCE]: null,
      [ANNOTATION_SLEEP_HISTORY]: JSON.stringify(history),
    });
    if (wrote) return;
  }
}
