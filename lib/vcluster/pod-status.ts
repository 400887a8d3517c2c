// The STATUS, READY and RESTARTS columns of `kubectl get pods`, computed the way kubectl's
// table printer does (printPod in kubernetes/pkg/printers/internalversion), so Cubby shows the
// words users already know from the terminal, not raw phases.
//
// The vcluster CLI carries an older copy of this logic; this follows current kubectl, which
// adds: restartable init containers (sidecars) counted as containers, `SchedulingGated`,
// `NotReady` for a pod whose last container completed while another still runs without the Ready
// condition, main-container reasons once the Initialized condition is true, and no
// `Terminating` for pods already in a terminal phase.

/** Timestamps arrive as Date from @kubernetes/client-node and as strings from raw JSON. */
export type Timestamp = Date | string;

export interface ContainerStateLike {
  waiting?: { reason?: string; message?: string };
  running?: object;
  terminated?: { exitCode: number; reason?: string; signal?: number; finishedAt?: Timestamp };
}

export interface ContainerStatusLike {
  name: string;
  ready: boolean;
  restartCount: number;
  started?: boolean;
  state?: ContainerStateLike;
  lastState?: ContainerStateLike;
}

export interface PodConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** The fields of a Pod this module and status.ts read; `V1Pod` is assignable to it. */
export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: Timestamp;
    deletionTimestamp?: Timestamp;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    nodeName?: string;
    containers?: Array<{ name: string }>;
    initContainers?: Array<{ name: string; restartPolicy?: string }>;
    volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: PodConditionLike[];
    initContainerStatuses?: ContainerStatusLike[];
    containerStatuses?: ContainerStatusLike[];
  };
}

export interface PodDisplayStatus {
  /** The STATUS column: Running, Pending, Init:0/1, CrashLoopBackOff, Terminating, ... */
  status: string;
  /** Ready containers, as in the READY column `ready/total`. */
  readyContainers: number;
  totalContainers: number;
  /** The RESTARTS column's count. */
  restarts: number;
  /** When the most recent counted restart ended (kubectl's "(5m ago)"), ISO 8601. */
  lastRestartAt?: string;
}

/** Reason kubelet/node lifecycle sets on pods of an unreachable node. */
const NODE_LOST_REASON = 'NodeLost';
const SCHEDULING_GATED = 'SchedulingGated';

export function podDisplayStatus(pod: PodLike): PodDisplayStatus {
  const status = pod.status ?? {};
  const phase = status.phase ?? '';
  const conditions = status.conditions ?? [];
  const initSpecs = pod.spec?.initContainers ?? [];
  // Restartable init containers (restartPolicy Always) are sidecars: they count in READY.
  const restartable = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));

  let reason = status.reason ? status.reason : phase;
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === SCHEDULING_GATED)) {
    reason = SCHEDULING_GATED;
  }

  const totalContainers = (pod.spec?.containers?.length ?? 0) + restartable.size;
  let readyContainers = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    const finished = timeOf(container.lastState?.terminated?.finishedAt);
    restarts += container.restartCount ?? 0;
    lastRestart = later(lastRestart, finished);
    const isSidecar = restartable.has(container.name);
    if (isSidecar) {
      sidecarRestarts += container.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated != null && terminated.exitCode === 0) continue;
    if (isSidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated != null) {
      // Initialization failed.
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    // Once the main containers count, only sidecar restarts carry over from init containers.
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walk backwards so the first container's state wins, as kubectl does.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestart = later(lastRestart, timeOf(container.lastState?.terminated?.finishedAt));
      const terminated = container.state?.terminated;
      const waiting = container.state?.waiting;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated != null && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated != null) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (container.ready && container.state?.running != null) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A completed container beside one still running: the pod is not done.
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp != null && status.reason === NODE_LOST_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp != null && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  const result: PodDisplayStatus = { status: reason, readyContainers, totalContainers, restarts };
  if (restarts !== 0 && lastRestart !== undefined) result.lastRestartAt = new Date(lastRestart).toISOString();
  return result;
}

/** Just the STATUS column. */
export function podStatusText(pod: PodLike): string {
  return podDisplayStatus(pod).status;
}

export function isPodReady(pod: PodLike): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function timeOf(value: Timestamp | undefined | null): number | undefined {
  if (value == null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
