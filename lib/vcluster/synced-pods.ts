// The pods a vCluster synced to its host namespace, as rows a tenant recognises: the name and
// namespace they gave the pod inside the vCluster (from the syncer's annotations) beside the host
// name (`NAME-x-NS-x-VCLUSTER`, possibly hashed), with the columns of `kubectl get pods -o wide`.
// Pure: the HTTP layer feeds it the host cache's views (projectSyncedPod computed the columns).
import type { SyncedPodView } from './host-cache-projections';
import { timeOf } from './pod-status';
import { latestWarning, type PodEventLike, type PodWaiting, waitsFor } from './pod-waiting';

export interface SyncedPodRow {
  virtualName: string;
  virtualNamespace: string;
  /** Empty while the pod has no host copy (the host refused it, or the syncer has not got to it). */
  hostName: string;
  /** False for a pod that exists only inside the vCluster (unsynced-pods.ts). */
  synced: boolean;
  /** Why a pod that does not run waits: its latest warning event, scheduling condition or container state. */
  waiting?: PodWaiting;
  /** kubectl's STATUS column (Running, Pending, CrashLoopBackOff, Terminating, ...). */
  status: string;
  /** The raw phase, for filters. */
  phase: string;
  /** kubectl's READY column, `ready/total`. */
  ready: string;
  restarts: number;
  node?: string;
  podIP?: string;
  hostIP?: string;
  /** ISO 8601. */
  createdAt?: string;
  ageSeconds?: number;
}

/**
 * Rows for the host pods synced by `vClusterName`, sorted by virtual namespace and name. Pods
 * without the syncer's label (the control plane itself, anything else in the namespace) and pods
 * whose virtual name cannot be read are left out: guessing from a hashed host name is impossible.
 */
export function syncedPodRows(
  pods: readonly SyncedPodView[],
  vClusterName: string,
  now: Date = new Date(),
  /** The host namespace's events: the scheduler's and kubelet's words about host pods. */
  events: readonly PodEventLike[] = [],
): SyncedPodRow[] {
  const rows: SyncedPodRow[] = [];
  for (const pod of pods) {
    if (pod.vcluster !== vClusterName || !pod.virtualName || !pod.virtualNamespace) continue;
    const row: SyncedPodRow = {
      virtualName: pod.virtualName,
      virtualNamespace: pod.virtualNamespace,
      hostName: pod.metadata.name,
      synced: true,
      status: pod.status,
      phase: pod.phase ?? 'Unknown',
      ready: `${pod.readyContainers}/${pod.totalContainers}`,
      restarts: pod.restarts,
    };
    // A warning event about the pod says more than its own state.
    const waiting = waitsFor(pod.status, pod) ? (latestWarning(pod, events) ?? pod.waiting) : undefined;
    if (waiting) row.waiting = waiting;
    if (pod.node) row.node = pod.node;
    if (pod.podIP) row.podIP = pod.podIP;
    if (pod.hostIP) row.hostIP = pod.hostIP;
    const created = timeOf(pod.metadata.creationTimestamp);
    if (created !== undefined) {
      row.createdAt = new Date(created).toISOString();
      row.ageSeconds = Math.max(0, Math.floor((now.getTime() - created) / 1000));
    }
    rows.push(row);
  }
  return sortPodRows(rows);
}

/** Rows in the table's order: virtual namespace, then virtual name. */
export function sortPodRows(rows: SyncedPodRow[]): SyncedPodRow[] {
  return rows.sort((a, b) =>
    a.virtualNamespace === b.virtualNamespace ? cmp(a.virtualName, b.virtualName) : cmp(a.virtualNamespace, b.virtualNamespace),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
