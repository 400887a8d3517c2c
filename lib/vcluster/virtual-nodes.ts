import 'server-only';
// The nodes a vCluster shows inside, read through its own API (vcluster-access.ts). With node
// sync off they are fake nodes the syncer creates while a pod runs on the host node of the same
// name (label `vcluster.loft.sh/fake-node`); with node sync on they are copies of real host nodes.
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError } from './lifecycle-error';
import type { Actor } from './tenant-authorization';
import { type VClusterAccessSettings, vClusterAccessSettings, vClusterClient } from './vcluster-access';

export const FAKE_NODE_LABEL = 'vcluster.loft.sh/fake-node';

export interface NodeLike {
  metadata?: { name?: string; labels?: Record<string, string>; creationTimestamp?: Date | string };
  spec?: { taints?: Array<{ key: string; value?: string; effect: string }>; unschedulable?: boolean };
  status?: {
    capacity?: Record<string, string>;
    conditions?: Array<{ type: string; status: string }>;
    nodeInfo?: { kubeletVersion?: string; osImage?: string };
    addresses?: Array<{ type: string; address: string }>;
  };
}

export interface VirtualNodeRow {
  name: string;
  fake: boolean;
  labels: Record<string, string>;
  capacity: { cpu?: string; memory?: string; pods?: string };
  ready: boolean;
  unschedulable: boolean;
  taints: Array<{ key: string; value?: string; effect: string }>;
  kubeletVersion?: string;
  osImage?: string;
  addresses: Array<{ type: string; address: string }>;
  createdAt?: string;
}

/** Pure: rows sorted by name. */
export function virtualNodeRows(nodes: readonly NodeLike[]): VirtualNodeRow[] {
  return nodes
    .map((node) => {
      const capacity = node.status?.capacity ?? {};
      const row: VirtualNodeRow = {
        name: node.metadata?.name ?? '',
        fake: node.metadata?.labels?.[FAKE_NODE_LABEL] === 'true',
        labels: { ...(node.metadata?.labels ?? {}) },
        capacity: {},
        ready: (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
        unschedulable: node.spec?.unschedulable === true,
        taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) })),
        addresses: (node.status?.addresses ?? []).map((a) => ({ type: a.type, address: a.address })),
      };
      if (capacity.cpu !== undefined) row.capacity.cpu = String(capacity.cpu);
      if (capacity.memory !== undefined) row.capacity.memory = String(capacity.memory);
      if (capacity.pods !== undefined) row.capacity.pods = String(capacity.pods);
      if (node.status?.nodeInfo?.kubeletVersion) row.kubeletVersion = node.status.nodeInfo.kubeletVersion;
      if (node.status?.nodeInfo?.osImage) row.osImage = node.status.nodeInfo.osImage;
      if (node.metadata?.creationTimestamp != null) row.createdAt = new Date(node.metadata.creationTimestamp).toISOString();
      return row;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Lists nodes through a vCluster client; its failures become 502 so they are not mistaken for the host's. */
export async function listVirtualNodes(vcluster: KubeClient): Promise<VirtualNodeRow[]> {
  try {
    const list = await vcluster.list<NodeLike>(ResourceTypes.Node);
    return virtualNodeRows(list.items);
  } catch (error) {
    if (error instanceof KubeError) {
      throw new VClusterError(502, 'vcluster_unreachable', `The vCluster's API server did not answer: ${error.message}`, undefined, { cause: error });
    }
    throw error;
  }
}

/** The nodes inside the tenant's vCluster `name`. */
export async function virtualNodes(
  deps: LifecycleDeps,
  input: { tenant: string; name: string; actor: Actor },
  settings: VClusterAccessSettings = vClusterAccessSettings(),
): Promise<VirtualNodeRow[]> {
  const { client } = await vClusterClient(deps, input, settings);
  return listVirtualNodes(client);
}
