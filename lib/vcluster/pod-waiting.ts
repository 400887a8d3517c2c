// Why a pod waits, in one line the Pods tab can show beside "Pending": the most recent warning
// event about the pod (the scheduler's FailedScheduling, the kubelet's FailedMount, the vCluster
// syncer's SyncError when the host refused the pod), else the scheduler's PodScheduled=False
// condition, else a container's waiting reason. Pods that run, or ran to the end, wait for nothing.
// Pure: fed from the host cache for synced pods and from the vCluster's own API for pods the host
// never accepted.
import { podDisplayStatus, timeOf, type PodLike } from './pod-status';
import type { EventLike } from './status';

export interface PodWaiting {
  reason: string;
  message?: string;
  /** Who said so: `default-scheduler`, `pod-syncer`, `kubelet`, ... */
  source?: string;
  /** ISO 8601, when it was last said (events only). */
  at?: string;
}

export interface PodEventLike extends EventLike {
  involvedObject: EventLike['involvedObject'] & { namespace?: string };
  reportingComponent?: string;
  source?: { component?: string };
}

/** Statuses that need no explanation. */
const SETTLED = new Set(['Running', 'Completed', 'Succeeded']);

function lastSeen(event: PodEventLike): number {
  return (
    timeOf(event.series?.lastObservedTime) ??
    timeOf(event.lastTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(event.firstTimestamp) ??
    timeOf(event.metadata?.creationTimestamp) ??
    0
  );
}

/** True when the event is about this pod (same name and namespace; same uid when both say). */
function isAbout(event: PodEventLike, pod: Pick<PodLike, 'metadata'>): boolean {
  const involved = event.involvedObject;
  if ((involved.kind ?? 'Pod') !== 'Pod' || involved.name !== pod.metadata?.name) return false;
  if (involved.namespace && pod.metadata?.namespace && involved.namespace !== pod.metadata.namespace) return false;
  if (involved.uid && pod.metadata?.uid && involved.uid !== pod.metadata.uid) return false;
  return true;
}

export function podWaiting(pod: PodLike, events: readonly PodEventLike[] = []): PodWaiting | undefined {
  if (!waitsFor(podDisplayStatus(pod).status, pod)) return undefined;
  return latestWarning(pod, events) ?? ownWaiting(pod);
}

/** Whether a pod of this STATUS column needs a reason at all: not one that runs, ran or goes. */
export function waitsFor(status: string, pod: Pick<PodLike, 'metadata'>): boolean {
  return !SETTLED.has(status) && !pod.metadata?.deletionTimestamp;
}

/** The most recent warning event about the pod, if any. */
export function latestWarning(pod: Pick<PodLike, 'metadata'>, events: readonly PodEventLike[]): PodWaiting | undefined {
  const warnings = events.filter((e) => e.type === 'Warning' && isAbout(e, pod)).sort((a, b) => lastSeen(b) - lastSeen(a));
  const latest = warnings[0];
  if (!latest?.reason) return undefined;
  const at = lastSeen(latest);
  const source = latest.reportingComponent || latest.source?.component;
  return {
    reason: latest.reason,
    ...(latest.message?.trim() ? { message: latest.message.trim() } : {}),
    ...(source ? { source } : {}),
    ...(at ? { at: new Date(at).toISOString() } : {}),
  };
}

/** What the pod itself says: the scheduler's PodScheduled=False condition, else a container's waiting reason. */
export function ownWaiting(pod: PodLike): PodWaiting | undefined {
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled?.reason) {
    return { reason: unscheduled.reason, ...(unscheduled.message ? { message: unscheduled.message } : {}), source: 'scheduler' };
  }

  for (const container of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && waiting.reason !== 'PodInitializing' && waiting.reason !== 'ContainerCreating') {
      return { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}), source: `container ${container.name}` };
    }
  }
  return undefined;
}
