// What GET /api/admin/usage answers: per tenant, the ResourceQuota figures of its vClusters' host
// namespaces (used and hard, summed). Numbers, so the browser needs no quantity parser: CPU in
// millicores, memory in bytes, pods as a count. `hard` is absent where the tenant's quota sets
// no limit (a ResourceQuota tracks only what it limits, so `used` is absent then too).

export interface UsageFigure {
  used: number;
  hard?: number;
}

export interface NamespaceUsage {
  namespace: string;
  vcluster?: string;
  cpu?: UsageFigure;
  memory?: UsageFigure;
  pods?: UsageFigure;
}

/** One row of GET /api/admin/overview: a tenant's vClusters by state, pods and quota sums. */
export interface TenantOverview {
  tenant: string;
  vclusters: number;
  counts: Record<'running' | 'pending' | 'paused' | 'other', number>;
  syncedPods: number;
  /** The tenant's latest use of any of its vClusters through Cubby's gateway. */
  lastUsed?: { at: string; by?: string; vcluster: string };
  cpu?: UsageFigure;
  memory?: UsageFigure;
  pods?: UsageFigure;
}

export interface TenantUsage {
  tenant: string;
  /** Requests (what the quota admits against), summed over the tenant's namespaces. */
  cpu?: UsageFigure;
  memory?: UsageFigure;
  pods?: UsageFigure;
  namespaces: NamespaceUsage[];
}
