// The nodes a vCluster shows, as the vCluster syncer keeps them:
// - node sync off: a fake node for each host node that runs a pod of this vCluster, with a host
//   Service VCLUSTER-node-NODE whose ClusterIP is its InternalIP; gone once no pod is there;
// - node sync on: copies of host nodes (labels, taints, status): all with selector.all, those
//   matching selector.labels, else the ones running a pod of this vCluster.
import { errorCode, resourcePath } from './kube-client';
import type { Informer } from './informer';
import {
  FAKE_NODE_LABEL,
  NODE_SERVICE_BELONGS_TO,
  NODE_SERVICE_NODE,
  fakeNodeAddresses,
  fakeNodeMetadata,
  fakeNodeStatus,
  nodeService,
  type Node,
} from './fake-node';
import type { Service } from './service-syncer';
import { nodeServiceName } from './host-name';
import type { Pod } from './pod-translator';
import { canonical, mapPatch, type SyncContext } from './sync-context';
import { WorkQueue } from './work-queue';

export interface NodeSyncerInformers {
  virtualPods: Informer<Pod>;
  hostPods: Informer<Pod>;
  virtualNodes: Informer<Node>;
  hostServices: Informer<Service>;
  /** Only with node sync on. */
  hostNodes?: Informer<Node>;
}

const nodePath = (name?: string) => resourcePath('v1', 'nodes', undefined, name);

function isFake(node: Node | undefined): boolean {
  return node?.metadata?.labels?.[FAKE_NODE_LABEL] === 'true';
}

function isDaemonSetPod(pod: Pod): boolean {
  return pod.metadata?.ownerReferences?.some((o) => o.kind === 'DaemonSet') ?? false;
}

function matchesLabels(node: Node, selector: Record<string, string>): boolean {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The status fields copied from a host node (and compared, to patch only on change). */
function copiedStatus(host: Node, clearImages: boolean): NonNullable<Node['status']> {
  const s = host.status ?? {};
  return {
    capacity: s.capacity,
    allocatable: s.allocatable,
    conditions: s.conditions,
    addresses: s.addresses,
    daemonEndpoints: s.daemonEndpoints,
    nodeInfo: s.nodeInfo,
    phase: s.phase,
    // Empty and absent compare equal: the API server omits an empty list.
    images: clearImages || !s.images?.length ? undefined : s.images,
  };
}

export class NodeSyncer {
  private readonly queue: WorkQueue;
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: SyncContext,
    private readonly informers: NodeSyncerInformers,
  ) {
    this.queue = new WorkQueue((key) => this.withLock(key, () => this.reconcile(key)), {
      name: 'nodes',
      log: ctx.log,
      quiet: (e) => errorCode(e) === 409,
    });
    const byPod = (_type: string, pod: Pod, previous?: Pod) => {
      for (const p of [pod, previous]) if (p?.spec?.nodeName) this.queue.add(p.spec.nodeName);
    };
    informers.virtualPods.on(byPod);
    informers.hostPods.on(byPod);
    informers.virtualNodes.on((_type, node) => this.queue.add(node.metadata?.name ?? ''));
    informers.hostNodes?.on((_type, node) => this.queue.add(node.metadata?.name ?? ''));
    informers.hostServices.on((_type, service) => {
      const labels = service.metadata?.labels ?? {};
      if (labels[NODE_SERVICE_BELONGS_TO] === ctx.name && labels[NODE_SERVICE_NODE]) this.queue.add(labels[NODE_SERVICE_NODE]);
    });
  }

  private get syncHostNodes(): boolean {
    return this.ctx.config.sync.fromHost.nodes.enabled;
  }

  start(): void {
    // Nodes left from a run with the other node mode, or whose pods went while the vCluster was down.
    for (const node of this.informers.virtualNodes.list()) this.queue.add(node.metadata?.name ?? '');
    for (const node of this.informers.hostNodes?.list() ?? []) this.queue.add(node.metadata?.name ?? '');
    this.queue.start();
  }

  stop(): void {
    this.queue.stop();
  }

  /** Makes sure the node exists inside before a pod is bound to it. */
  ensureNode(nodeName: string): Promise<void> {
    return this.withLock(nodeName, async () => {
      await this.reconcile(nodeName);
    });
  }

  private async withLock(nodeName: string, work: () => Promise<unknown>): Promise<undefined> {
    const previous = this.locks.get(nodeName) ?? Promise.resolve();
    const next = previous.then(() => work()).then(() => undefined);
    const settled = next.catch(() => undefined);
    this.locks.set(nodeName, settled);
    try {
      return await next;
    } finally {
      if (this.locks.get(nodeName) === settled) this.locks.delete(nodeName);
    }
  }

  /** A pod of this vCluster is (or is about to be) on the host node. */
  private hasPods(nodeName: string): boolean {
    const onNode = (p: Pod) => p.spec?.nodeName === nodeName && !isDaemonSetPod(p);
    return this.informers.virtualPods.list().some(onNode) || this.informers.hostPods.list().some(onNode);
  }

  private async reconcile(nodeName: string): Promise<void> {
    if (!nodeName) return;
    if (this.syncHostNodes) await this.reconcileHostCopy(nodeName);
    else await this.reconcileFake(nodeName);
  }

  private async liveVirtualNode(nodeName: string): Promise<Node | undefined> {
    return this.informers.virtualNodes.get(undefined, nodeName) ?? (await this.ctx.virtual.get<Node>(nodePath(nodeName)));
  }

  private async createVirtualNode(body: Node): Promise<Node> {
    try {
      return await this.ctx.virtual.create<Node>(nodePath(), body);
    } catch (error) {
      // Created a moment ago by another path; the cache has not caught up.
      if (errorCode(error) !== 409) throw error;
      const existing = await this.ctx.virtual.get<Node>(nodePath(body.metadata?.name));
      if (!existing) throw error;
      return existing;
    }
  }

  // --- node sync off ---------------------------------------------------------------------

  private async ensureNodeService(nodeName: string): Promise<string | undefined> {
    const { ctx } = this;
    const name = nodeServiceName(ctx.name, nodeName);
    const path = resourcePath('v1', 'services', ctx.namespace, name);
    const existing = this.informers.hostServices.get(ctx.namespace, name) ?? (await ctx.host.get<Service>(path));
    if (existing) return existing.spec?.clusterIP;
    const own = this.informers.hostServices.get(ctx.namespace, ctx.name);
    try {
      const created = await ctx.host.create<Service>(resourcePath('v1', 'services', ctx.namespace), nodeService(ctx, nodeName, own?.spec?.selector));
      return created.spec?.clusterIP;
    } catch (error) {
      if (errorCode(error) !== 409) throw error;
      return (await ctx.host.get<Service>(path))?.spec?.clusterIP;
    }
  }

  private async deleteNodeService(nodeName: string): Promise<void> {
    const { ctx } = this;
    const name = nodeServiceName(ctx.name, nodeName);
    const existing = this.informers.hostServices.get(ctx.namespace, name);
    if (existing?.metadata?.labels?.[NODE_SERVICE_BELONGS_TO] !== ctx.name) return;
    await ctx.host.delete(resourcePath('v1', 'services', ctx.namespace, name), { uid: existing.metadata?.uid });
  }

  private async reconcileFake(nodeName: string): Promise<void> {
    const { ctx } = this;
    const vNode = this.informers.virtualNodes.get(undefined, nodeName);
    if (!this.hasPods(nodeName)) {
      // A copy of a host node left from node sync goes too; nothing shows it any more.
      if (vNode) {
        ctx.log(`deleting node ${nodeName}: no pod of this vCluster runs there`);
        await ctx.virtual.delete(nodePath(nodeName), { uid: vNode.metadata?.uid });
      }
      await this.deleteNodeService(nodeName);
      return;
    }
    const internalIP = ctx.config.proxyKubelets.byIP ? await this.ensureNodeService(nodeName) : undefined;
    let node = vNode;
    if (node && !isFake(node)) {
      // A copy of the host node from a run with node sync on; a fake node replaces it.
      await ctx.virtual.delete(nodePath(nodeName), { uid: node.metadata?.uid });
      node = undefined;
    }
    if (!node) {
      ctx.log(`creating fake node ${nodeName}`);
      node = await this.createVirtualNode({ apiVersion: 'v1', kind: 'Node', metadata: fakeNodeMetadata(nodeName), spec: {} });
      node = await ctx.virtual.mergePatch<Node>(`${nodePath(nodeName)}/status`, { status: fakeNodeStatus(ctx, nodeName, internalIP) });
    }
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const addresses = fakeNodeAddresses(ctx, nodeName, internalIP);
    if (!ready) {
      await ctx.virtual.mergePatch(`${nodePath(nodeName)}/status`, { status: fakeNodeStatus(ctx, nodeName, internalIP) });
    } else if (canonical(node.status?.addresses ?? []) !== canonical(addresses)) {
      await ctx.virtual.mergePatch(`${nodePath(nodeName)}/status`, { status: { addresses } });
    }
    // The API server taints new nodes not-ready until a kubelet reports; no kubelet will.
    if ((node.spec?.taints ?? []).length > 0) await ctx.virtual.mergePatch(nodePath(nodeName), { spec: { taints: null } });
  }

  // --- node sync on ----------------------------------------------------------------------

  private isSelected(host: Node): boolean {
    const { selector } = this.ctx.config.sync.fromHost.nodes;
    if (selector.all) return true;
    if (Object.keys(selector.labels).length > 0) return matchesLabels(host, selector.labels);
    return this.hasPods(host.metadata?.name ?? '');
  }

  private async reconcileHostCopy(nodeName: string): Promise<void> {
    const { ctx } = this;
    const host = this.informers.hostNodes?.get(undefined, nodeName);
    const vNode = await this.liveVirtualNode(nodeName);
    if (!host || !this.isSelected(host)) {
      if (vNode) {
        ctx.log(`deleting node ${nodeName}: not selected for node sync`);
        await ctx.virtual.delete(nodePath(nodeName), { uid: vNode.metadata?.uid });
      }
      return;
    }
    const labels = host.metadata?.labels ?? {};
    const annotations = host.metadata?.annotations ?? {};
    const taints = host.spec?.taints ?? [];
    const status = copiedStatus(host, ctx.config.sync.fromHost.nodes.clearImageStatus);

    let node = vNode;
    if (node && isFake(node)) {
      await ctx.virtual.delete(nodePath(nodeName), { uid: node.metadata?.uid });
      node = undefined;
    }
    if (!node) {
      ctx.log(`creating node ${nodeName} from the host node`);
      node = await this.createVirtualNode({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: nodeName, labels, annotations },
        spec: { taints, unschedulable: host.spec?.unschedulable },
      });
      node = await ctx.virtual.mergePatch<Node>(`${nodePath(nodeName)}/status`, { status: { ...status, images: status.images ?? null } });
    }
    const labelPatch = mapPatch(node.metadata?.labels, labels, true);
    const annotationPatch = mapPatch(node.metadata?.annotations, annotations, false);
    const taintsDiffer = canonical(node.spec?.taints ?? []) !== canonical(taints);
    const unschedulableDiffers = Boolean(node.spec?.unschedulable) !== Boolean(host.spec?.unschedulable);
    if (labelPatch || annotationPatch || taintsDiffer || unschedulableDiffers) {
      await ctx.virtual.mergePatch(nodePath(nodeName), {
        metadata: { ...(labelPatch ? { labels: labelPatch } : {}), ...(annotationPatch ? { annotations: annotationPatch } : {}) },
        spec: { taints: taints.length > 0 ? taints : null, unschedulable: host.spec?.unschedulable ?? null },
      });
    }
    if (canonical(copiedStatus(node, false)) !== canonical(status)) {
      await ctx.virtual.mergePatch(`${nodePath(nodeName)}/status`, { status: { ...status, images: status.images ?? null } });
    }
  }
}
