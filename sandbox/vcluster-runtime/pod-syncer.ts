// Syncs pods virtual -> host as the vCluster syncer does. The host scheduler places the host
// copy and kwok runs it; the syncer then binds the virtual pod to the same node (there is no
// scheduler inside) and copies the status back. Deleting either side deletes the other.
import { errorCode, resourcePath } from './kube-client';
import type { Informer } from './informer';
import { hostName } from './host-name';
import type { NodeSyncer } from './node-syncer';
import { statusFromHost, translatePod, type Pod } from './pod-translator';
import { OBJECT_UID, canonical, hostLabels, mapPatch, splitKey, virtualKeyOf, isManagedBy, type SyncContext } from './sync-context';
import { isRefusal } from './sync-events';
import { WorkQueue } from './work-queue';

export interface PodSyncerInformers {
  virtualPods: Informer<Pod>;
  hostPods: Informer<Pod>;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export class PodSyncer {
  private readonly queue: WorkQueue;

  constructor(
    private readonly ctx: SyncContext,
    private readonly informers: PodSyncerInformers,
    private readonly nodes: NodeSyncer,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      name: 'pods',
      concurrency: 8,
      log: ctx.log,
      quiet: (e) => errorCode(e) === 409,
    });
    informers.virtualPods.on((_type, pod) => this.queue.add(`${pod.metadata?.namespace}/${pod.metadata?.name}`));
    informers.hostPods.on((_type, pod) => {
      const key = virtualKeyOf(pod);
      if (key) this.queue.add(key);
    });
  }

  start(): void {
    this.queue.start();
  }

  stop(): void {
    this.queue.stop();
  }

  private async reconcile(key: string): Promise<void> {
    const { ctx } = this;
    const { namespace, name } = splitKey(key);
    const vPod = this.informers.virtualPods.get(namespace, name);
    const hName = hostName(name, namespace, ctx.name);
    const found = this.informers.hostPods.get(ctx.namespace, hName);
    const hPod = found && isManagedBy(ctx, found) ? found : undefined;
    const hostPath = resourcePath('v1', 'pods', ctx.namespace, hName);
    const virtualPath = resourcePath('v1', 'pods', namespace, name);

    if (!vPod) {
      if (!hPod || hPod.metadata?.deletionTimestamp) return;
      // The cache can trail a pod created a moment ago; only a live miss means it is gone.
      if (await ctx.virtual.get<Pod>(virtualPath)) return;
      ctx.log(`pod ${key} is gone inside: deleting host pod ${hName}`);
      await ctx.host.delete(hostPath, { uid: hPod.metadata?.uid });
      return;
    }

    const uid = vPod.metadata?.uid ?? '';
    if (hPod && hPod.metadata?.annotations?.[OBJECT_UID] !== uid) {
      // The host copy of an earlier pod of the same name (StatefulSets reuse names).
      if (!hPod.metadata?.deletionTimestamp) await ctx.host.delete(hostPath, { uid: hPod.metadata?.uid });
      return;
    }

    if (vPod.metadata?.deletionTimestamp) {
      if (hPod) {
        if (!hPod.metadata?.deletionTimestamp) {
          await ctx.host.delete(hostPath, { uid: hPod.metadata?.uid, gracePeriodSeconds: vPod.metadata.deletionGracePeriodSeconds });
        }
        return;
      }
      // No kubelet will ever confirm this pod stopped; its host copy is gone, so finish the deletion.
      await ctx.virtual.delete(virtualPath, { uid, gracePeriodSeconds: 0 });
      return;
    }

    if (!hPod) {
      if (vPod.spec?.nodeName) {
        // It ran on the host before and its host copy went away (deleted there, or the vCluster
        // was paused): like a pod whose node vanished, it is deleted and its controller replaces it.
        if (await ctx.host.get<Pod>(hostPath)) return;
        ctx.log(`host pod ${hName} is gone: deleting pod ${key} inside`);
        await ctx.virtual.delete(virtualPath, { uid, gracePeriodSeconds: 0 });
        return;
      }
      if (isTerminal(vPod)) return;
      try {
        await ctx.host.create(resourcePath('v1', 'pods', ctx.namespace), translatePod(ctx, vPod));
        ctx.log(`pod ${key} synced to host pod ${hName}`);
      } catch (error) {
        // Created by a run a moment ago; its watch event brings us back.
        if (errorCode(error) === 409) return;
        // Refused by the host (Pod Security, quota, ...): the tenant learns why from an event on
        // their pod, as from the real syncer, and the retry keeps going with growing delays.
        if (isRefusal(error)) await ctx.events?.createFailed({ syncer: 'pod', kind: 'Pod', apiVersion: 'v1', object: vPod }, error);
        throw error;
      }
      return;
    }

    if (hPod.metadata?.deletionTimestamp) return;

    const node = hPod.spec?.nodeName;
    if (node && !vPod.spec?.nodeName) {
      await this.nodes.ensureNode(node);
      try {
        await ctx.virtual.create(`${virtualPath}/binding`, {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace },
          target: { apiVersion: 'v1', kind: 'Node', name: node },
        });
      } catch (error) {
        if (errorCode(error) !== 409) throw error;
      }
      // The bound pod's watch event brings us back for the status.
      return;
    }

    const desired = translatePod(ctx, vPod);
    const labelPatch = mapPatch(hPod.metadata?.labels, hostLabels(ctx, vPod.metadata ?? {}), true);
    const annotationPatch = mapPatch(hPod.metadata?.annotations, desired.metadata?.annotations ?? {}, false);
    if (labelPatch || annotationPatch) {
      await ctx.host.mergePatch(hostPath, {
        metadata: { ...(labelPatch ? { labels: labelPatch } : {}), ...(annotationPatch ? { annotations: annotationPatch } : {}) },
      });
    }

    const status = statusFromHost(hPod);
    const current = vPod.status ?? {};
    const patch: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(status)) {
      if (canonical(current[field as keyof typeof current] ?? null) !== canonical(value ?? null)) patch[field] = value ?? null;
    }
    if (Object.keys(patch).length > 0) {
      await ctx.virtual.mergePatch(`${virtualPath}/status`, { status: patch });
    }
  }
}
