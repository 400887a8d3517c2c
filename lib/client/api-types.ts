// The JSON shapes the API answers with, for the browser. Type-only re-exports of the server's
// own types: erased at build time, so no server module reaches the client bundle.
export type { VClusterView } from '@/lib/api/vcluster-views';
export type { SyncedPodRow } from '@/lib/vcluster/synced-pods';
export type { VirtualNodeRow } from '@/lib/vcluster/virtual-nodes';
export type { EventRow } from '@/lib/vcluster/events';
export type { KubeconfigDownload } from '@/lib/vcluster/kubeconfig-download';
export type { CreationStep, WaitingReason, WaitingEvent } from '@/lib/vcluster/status';
export type { EffectiveSyncOptions, SyncOptions, TenantOptionId, NodeSelectorOption } from '@/lib/vcluster/sync-options';
export type { Template, Tenant } from '@/lib/tenancy/model';
export type { ApiTokenInfo, CreatedApiToken } from '@/lib/tenancy/api-tokens';

/** GET /api/me */
export interface Me {
  user: string;
  groups: string[];
  admin: boolean;
  /** Tenants the caller may create in (all of them for admins). */
  tenants: string[];
}

export interface ItemList<T> {
  items: T[];
}

/** 202 answer of POST /api/vclusters. */
export interface CreateVClusterAnswer {
  ref: { tenant: string; name: string; namespace: string };
}

/** How a vCluster is reached: the kubeconfig download's answer without the credentials. */
/** Where a downloaded kubeconfig points: Cubby's gateway, or the vCluster's own server. */
export type VClusterConnection = import('@/lib/api/vcluster-actions').KubeconfigConnection;
