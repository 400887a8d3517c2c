import 'server-only';
// The vClusters found on the host (GET /api/discovered), computed again only when a control-plane
// workload or a namespace changed: pod churn, events and status changes leave it alone.
import type { HostCache } from '@/lib/vcluster/host-cache';
import { discoverVClusters, type DiscoveredVCluster } from '@/lib/vcluster/discovery';

const memo = new WeakMap<HostCache, { key: string; all: DiscoveredVCluster[]; unassigned: DiscoveredVCluster[] }>();

export function discoveredVClusters(cache: HostCache, unassignedOnly: boolean): DiscoveredVCluster[] {
  const key = `${cache.generation('statefulSets')}/${cache.generation('deployments')}/${cache.generation('namespaces')}`;
  let entry = memo.get(cache);
  if (entry?.key !== key) {
    const workloads = cache.vclusterWorkloads();
    const all = discoverVClusters({
      statefulSets: workloads.filter((w) => w.kind === 'StatefulSet'),
      deployments: workloads.filter((w) => w.kind === 'Deployment'),
      namespaces: cache.namespaces(),
    });
    entry = { key, all, unassigned: all.filter((v) => !v.tenant) };
    memo.set(cache, entry);
  }
  return unassignedOnly ? entry.unassigned : entry.all;
}
