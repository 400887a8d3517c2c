// Pods that exist only inside a vCluster: the syncer has not made their host copy, or the host
// refused it (Pod Security, quota). The host cache cannot know them, so they are read from the
// vCluster's own API (virtual-pods.ts) and shown beside the synced ones with the reason the syncer
// recorded on them (its SyncError event), so a tenant sees why their pod does not start.
// Pure: the rows only.
import { podDisplayStatus, timeOf, type PodLike } from './pod-status';
import { podWaiting, type PodEventLike } from './pod-waiting';
import type { SyncedPodRow } from './synced-pods';

export function unsyncedPodRows(
  virtualPods: readonly PodLike[],
  virtualEvents: readonly PodEventLike[],
  synced: readonly Pick<SyncedPodRow, 'virtualName' | 'virtualNamespace'>[],
  now: Date = new Date(),
): SyncedPodRow[] {
  const onHost = new Set(synced.map((r) => `${r.virtualNamespace}/${r.virtualName}`));
  const rows: SyncedPodRow[] = [];
  for (const pod of virtualPods) {
    const name = pod.metadata?.name;
    const namespace = pod.metadata?.namespace;
    if (!name || !namespace || onHost.has(`${namespace}/${name}`)) continue;
    // A pod bound to a node ran on the host; its copy is only gone for a moment (or being replaced).
    if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp) continue;
    const display = podDisplayStatus(pod);
    const row: SyncedPodRow = {
      virtualName: name,
      virtualNamespace: namespace,
      hostName: '',
      synced: false,
      status: display.status,
      phase: pod.status?.phase ?? 'Pending',
      ready: `${display.readyContainers}/${display.totalContainers}`,
      restarts: display.restarts,
    };
    const waiting = podWaiting(pod, virtualEvents.filter((e) => !e.involvedObject.namespace || e.involvedObject.namespace === namespace));
    if (waiting) row.waiting = waiting;
    const created = timeOf(pod.metadata?.creationTimestamp);
    if (created !== undefined) {
      row.createdAt = new Date(created).toISOString();
      row.ageSeconds = Math.max(0, Math.floor((now.getTime() - created) / 1000));
    }
    rows.push(row);
  }
  return rows;
}
