// The shape every virtual -> host syncer of namespaced objects shares (services, ingresses):
// the host copy exists exactly while the virtual object does, carries the translated name and
// metadata, follows spec changes, and reports its status back inside.
import { errorCode, resourcePath, type KubeObject } from './kube-client';
import type { Informer } from './informer';
import { hostName } from './host-name';
import { hostAnnotations, hostLabels, isManagedBy, mapPatch, ownerReferences, splitKey, virtualKeyOf, type SyncContext } from './sync-context';
import { isRefusal } from './sync-events';
import { WorkQueue } from './work-queue';

export interface ToHostKind<T extends KubeObject> {
  /** For logs. */
  plural: string;
  groupVersion: string;
  resource: string;
  /** The object-kind annotation value, e.g. `/v1, Kind=Service`. */
  kindAnnotation: string;
  /** The kind, for the events that report a refused copy (`SyncService`, `SyncIngress`). */
  kind: string;
  /** Virtual objects the syncer leaves alone. */
  skip?: (virtual: T) => boolean;
  /** The host object's content besides metadata. */
  translateBody: (ctx: SyncContext, virtual: T) => Omit<T, 'metadata'>;
  /** A merge patch (without metadata) that brings the host copy in line, or undefined. */
  bodyPatch: (desired: Omit<T, 'metadata'>, host: T) => Record<string, unknown> | undefined;
  /** A status merge patch for the virtual object from its host copy, or undefined. */
  statusBack?: (host: T, virtual: T) => Record<string, unknown> | undefined;
}

export class ToHostSyncer<T extends KubeObject> {
  private readonly queue: WorkQueue;

  constructor(
    private readonly ctx: SyncContext,
    private readonly kind: ToHostKind<T>,
    private readonly virtualObjects: Informer<T>,
    private readonly hostObjects: Informer<T>,
  ) {
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      name: kind.plural,
      log: ctx.log,
      quiet: (e) => errorCode(e) === 409,
    });
    virtualObjects.on((_type, o) => this.queue.add(`${o.metadata?.namespace}/${o.metadata?.name}`));
    hostObjects.on((_type, o) => {
      const key = isManagedBy(ctx, o) ? virtualKeyOf(o) : undefined;
      if (key) this.queue.add(key);
    });
  }

  start(): void {
    this.queue.start();
  }

  stop(): void {
    this.queue.stop();
  }

  /** The host object for a virtual one, as it should be. */
  desired(virtual: T): T {
    const { ctx } = this;
    const meta = virtual.metadata ?? {};
    return {
      ...this.kind.translateBody(ctx, virtual),
      metadata: {
        name: hostName(meta.name ?? '', meta.namespace ?? '', ctx.name),
        namespace: ctx.namespace,
        labels: hostLabels(ctx, meta),
        annotations: hostAnnotations(ctx, meta, this.kind.kindAnnotation),
        ownerReferences: ownerReferences(ctx),
      },
    } as unknown as T;
  }

  private async reconcile(key: string): Promise<void> {
    const { ctx, kind } = this;
    const { namespace, name } = splitKey(key);
    const virtual = this.virtualObjects.get(namespace, name);
    if (virtual && kind.skip?.(virtual)) return;
    const hName = hostName(name, namespace, ctx.name);
    const found = this.hostObjects.get(ctx.namespace, hName);
    // A host object of that name we did not make is not ours to change or delete.
    if (found && !isManagedBy(ctx, found)) return;
    const hostPath = resourcePath(kind.groupVersion, kind.resource, ctx.namespace, hName);
    const virtualPath = resourcePath(kind.groupVersion, kind.resource, namespace, name);

    if (!virtual || virtual.metadata?.deletionTimestamp) {
      if (!found || found.metadata?.deletionTimestamp) return;
      // The cache can trail an object created a moment ago; only a live miss means it is gone.
      if (!virtual && (await ctx.virtual.get<T>(virtualPath))) return;
      ctx.log(`${kind.plural} ${key} is gone inside: deleting ${hName}`);
      await ctx.host.delete(hostPath, { uid: found.metadata?.uid });
      return;
    }

    const desired = this.desired(virtual);
    const about = { syncer: kind.plural, kind: kind.kind, apiVersion: kind.groupVersion, object: virtual };
    if (!found) {
      try {
        await ctx.host.create(resourcePath(kind.groupVersion, kind.resource, ctx.namespace), desired);
        ctx.log(`${kind.plural} ${key} synced to ${hName}`);
      } catch (error) {
        if (errorCode(error) === 409) return;
        // Refused by the host (an admission policy, validation): said on the virtual object.
        if (isRefusal(error)) await ctx.events?.createFailed(about, error);
        throw error;
      }
      return;
    }

    const { metadata: _metadata, ...body } = desired;
    const labelPatch = mapPatch(found.metadata?.labels, desired.metadata?.labels ?? {}, true);
    const annotationPatch = mapPatch(found.metadata?.annotations, desired.metadata?.annotations ?? {}, false);
    const patch = kind.bodyPatch(body as Omit<T, 'metadata'>, found);
    if (labelPatch || annotationPatch || patch) {
      try {
        await ctx.host.mergePatch(hostPath, {
          ...(patch ?? {}),
          metadata: { ...(labelPatch ? { labels: labelPatch } : {}), ...(annotationPatch ? { annotations: annotationPatch } : {}) },
        });
      } catch (error) {
        if (isRefusal(error)) await ctx.events?.updateFailed(about, error);
        throw error;
      }
    }
    const status = kind.statusBack?.(found, virtual);
    if (status) await ctx.virtual.mergePatch(`${virtualPath}/status`, status);
  }
}
