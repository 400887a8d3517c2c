import 'server-only';
// The Pods tab's rows: the host pods the vCluster synced (from the host cache, with why each
// waits), then the pods that exist only inside the vCluster, read through its own API with the
// reason the syncer recorded (the host refused the pod, for one). The second part is best effort:
// when the vCluster cannot be reached in time the host's view is answered alone, and says so.
import type { Caller } from '@/lib/auth/request-identity';
import type { KubeClient } from '@/lib/kube/client';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { sortPodRows, type SyncedPodRow } from '@/lib/vcluster/synced-pods';
import { unsyncedPodRows } from '@/lib/vcluster/unsynced-pods';
import { virtualPodsOf } from '@/lib/vcluster/virtual-pods';
import { syncedPodsView, visibleNamespace } from './vcluster-views';

export interface PodsView {
  items: SyncedPodRow[];
  /** Set when the pods inside the vCluster could not be read; the items are the host's only. */
  insideUnavailable?: string;
}

export async function podsForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string): Promise<PodsView> {
  const synced = syncedPodsView(cache, caller, admin, tenant, name);
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  // Before its kubeconfig exists (or while paused) nothing inside can be read, and nothing waits there.
  if (cache.kubeconfigSecretExists(ns.metadata.name!, name) !== true || cache.workload(ns.metadata.name!, name)?.spec.replicas === 0) return { items: synced };
  // Admins read with Cubby's identity after their own check; tenants read as themselves.
  const actor = admin ? ('service-account' as const) : { user: caller.user, groups: caller.groups };
  try {
    const inside = await virtualPodsOf({ client: host }, { tenant, name, actor });
    return { items: sortPodRows([...synced, ...unsyncedPodRows(inside.pods, inside.events, synced)]) };
  } catch (error) {
    return { items: synced, insideUnavailable: error instanceof Error ? error.message : String(error) };
  }
}
