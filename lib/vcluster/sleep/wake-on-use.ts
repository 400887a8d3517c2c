import 'server-only';
// Wake on use, for the gateway: a request for a vCluster sleep mode put to sleep resumes it
// (recorded as "woke on use at 08:12 (alice)") and is held until the vCluster's API answers, so
// `kubectl get pods` just works, only slower. Past the bound the caller gets a 503 with a
// Retry-After hint; the wake goes on regardless, so the retry finds it up.
//
// A vCluster paused by hand (no sleep annotation) is not woken: 409 `paused_by_hand`. 409, not
// 503, because waiting and retrying will not help; someone must decide to resume it, and kubectl
// shows a 409's message as it is ("Error from server (Conflict): ...").
//
// Concurrent callers for the same vCluster in this process share one wake (one resume, one
// audit record); callers on other servers race safely through sleep-actions.ts.
import type { V1Namespace, V1StatefulSet, V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { LifecycleDeps } from '@/lib/vcluster/lifecycle-deps';
import { VClusterError } from '@/lib/vcluster/lifecycle-error';
import { isPaused } from '@/lib/vcluster/status';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { fallAsleep, wakeUp } from './sleep-actions';
import { sleepState } from './sleep-state';

export const DEFAULT_WAKE_TIMEOUT_MS = 60_000;
/** How long the runtime takes to answer after a resume, about; the Retry-After hint. */
const RETRY_AFTER_SECONDS = 10;
const PROBE_INTERVAL_MS = 500;

export interface WakeOnUseOptions {
  /** How long to hold the request; DEFAULT_WAKE_TIMEOUT_MS. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Whether the vCluster's API answers now (the gateway's own check). */
  probe: () => Promise<boolean>;
}

export interface WakeOnUseResult {
  /** Whether this call (or one it joined) resumed the vCluster. */
  woke: boolean;
  waitedMs: number;
}

const inFlight = new Map<string, Promise<boolean>>();

async function controlPlanePaused(deps: LifecycleDeps, ref: VClusterRef): Promise<boolean | undefined> {
  const sts = await deps.client.find<V1StatefulSet>(ResourceTypes.StatefulSet, ref.name, ref.namespace);
  const workload = sts ?? (await deps.client.find<V1Deployment>(ResourceTypes.Deployment, ref.name, ref.namespace));
  return workload ? isPaused(workload) : undefined;
}

/** What a request for a vCluster paused by hand is told: nothing wakes it but a resume. */
export function pausedByHand(ref: VClusterRef): VClusterError {
  return new VClusterError(
    409,
    'paused_by_hand',
    `vCluster ${ref.tenant}/${ref.name} is paused: resume it in Cubby (or with 'vcluster resume ${ref.name} -n ${ref.namespace}') and try again.`,
    { tenant: ref.tenant, vcluster: ref.name },
  );
}

/** Resumes if asleep; true when it did. Throws 409 paused_by_hand for a pause by hand. */
async function resumeIfAsleep(deps: LifecycleDeps, ref: VClusterRef, user: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const namespace = await deps.client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace);
    const state = sleepState(namespace);
    const paused = await controlPlanePaused(deps, ref);
    if (!paused && state.phase !== 'waking' && state.phase !== 'falling-asleep') return false;
    if (paused && !state.phase) {
      throw pausedByHand(ref);
    }
    if (state.phase === 'falling-asleep') {
      // A sleep under way: let it land first (the controller finishes it within one round), then wake.
      await new Promise((r) => setTimeout(r, 500));
      await fallAsleep(deps, ref, state.reason ?? 'idle');
      continue;
    }
    const step = await wakeUp(deps, ref, 'use', user);
    if (step.done) return true;
    // Someone else changed the namespace (the controller, another server): look again.
  }
  return false;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Called by the gateway for a request to a vCluster whose control plane is paused (or not
 * answering after a wake). Resolves once `probe` says the API answers.
 */
export async function wakeOnUse(deps: LifecycleDeps, ref: VClusterRef, user: string, options: WakeOnUseOptions): Promise<WakeOnUseResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAKE_TIMEOUT_MS;
  let wake = inFlight.get(ref.namespace);
  if (!wake) {
    wake = resumeIfAsleep(deps, ref, user).finally(() => inFlight.delete(ref.namespace));
    inFlight.set(ref.namespace, wake);
  }
  const woke = await wake;
  for (;;) {
    if (await options.probe().catch(() => false)) return { woke, waitedMs: Date.now() - started };
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) {
      throw new VClusterError(
        503,
        'waking',
        `vCluster '${ref.name}' is waking up from sleep and does not answer yet; try again in ${RETRY_AFTER_SECONDS} seconds.`,
        { retryAfterSeconds: RETRY_AFTER_SECONDS, tenant: ref.tenant, vcluster: ref.name },
      );
    }
    await sleep(Math.min(PROBE_INTERVAL_MS, left), options.signal);
  }
}
