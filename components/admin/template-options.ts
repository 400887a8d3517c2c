// What each sync option a template can allow does, for the admin deciding. Keyed by
// TenantOptionId, so the compiler insists on exactly the ids of TENANT_OPTION_IDS (the list
// itself is not imported: its module builds zod schemas, which would land in the page bundle).
import type { TenantOptionId } from '@/lib/vcluster/sync-options';

export interface OptionInfo {
  label: string;
  explanation: string;
  /** Shown when allowing it widens what a tenant can see or do on the host. */
  caution?: string;
}

export const OPTION_INFO: Record<TenantOptionId, OptionInfo> = {
  ingressSync: {
    label: 'Ingress sync',
    explanation: "Ingresses made inside the vCluster become Ingresses in its host namespace, served by the host's ingress controller. They count against the tenant's quota; no host permissions change.",
  },
  ingressClassSync: {
    label: 'IngressClass sync',
    explanation: "Read-only copies of the host's IngressClasses inside the vCluster, so tenant Ingresses can name a class. Reveals only the class names.",
  },
  'nodeSync.enabled': {
    label: 'Real nodes',
    explanation: "Shows host nodes inside the vCluster instead of fake ones.",
    caution: 'Gives the vCluster read access to host Node objects (a cluster-wide read-only role).',
  },
  'nodeSync.selector.all': {
    label: 'All host nodes',
    explanation: "With real nodes: every host node instead of only the nodes running the vCluster's pods.",
    caution: 'The tenant sees every node of the host.',
  },
  'nodeSync.selector.labels': {
    label: 'Nodes by label',
    explanation: "With real nodes: only host nodes with given labels. The labels are also forced onto the vCluster's pods as a node selector, so they can only narrow where pods run.",
  },
  'nodeSync.clearImageStatus': {
    label: 'Hide node images',
    explanation: "Removes the host's image list from synced nodes. It only reduces what a tenant sees.",
  },
};

export const OPTION_IDS = Object.keys(OPTION_INFO) as TenantOptionId[];
