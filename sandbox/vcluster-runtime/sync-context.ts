// What every syncer of one running vCluster shares, and the metadata the syncer puts on every
// object it creates in the host namespace (vcluster-facts.md, "Objects the running vCluster
// creates in the host namespace").
import type { KubeClient, KubeObject, ObjectMeta } from './kube-client';
import { hostName } from './host-name';
import type { SyncEventRecorder } from './sync-events';
import type { VClusterConfig } from './vcluster-config';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface SyncContext {
  /** vCluster name (the release). */
  name: string;
  /** Host namespace the vCluster runs in; every synced object goes there. */
  namespace: string;
  config: VClusterConfig;
  host: KubeClient;
  virtual: KubeClient;
  /** The StatefulSet (or Deployment) running the vCluster. */
  owner: OwnerReference;
  log: (line: string) => void;
  /** Where refusals by the host are reported to the tenant (events on the virtual objects). */
  events?: SyncEventRecorder;
}

export const MANAGED_BY_LABEL = 'vcluster.loft.sh/managed-by';
export const NAMESPACE_LABEL = 'vcluster.loft.sh/namespace';
export const OBJECT_NAME = 'vcluster.loft.sh/object-name';
export const OBJECT_NAMESPACE = 'vcluster.loft.sh/object-namespace';
export const OBJECT_UID = 'vcluster.loft.sh/object-uid';
export const OBJECT_KIND = 'vcluster.loft.sh/object-kind';
export const OBJECT_HOST_NAME = 'vcluster.loft.sh/object-host-name';
export const OBJECT_HOST_NAMESPACE = 'vcluster.loft.sh/object-host-namespace';

/** The ownerReference synced objects carry. */
export function ownerReferences(ctx: SyncContext): OwnerReference[] {
  // Not a controller reference: the host StatefulSet controller strips controller references
  // from pods its selector does not match, which synced pods never do.
  return [{ ...ctx.owner, controller: false }];
}

/** Labels of a synced object: the virtual ones plus the two the syncer owns. */
export function hostLabels(ctx: SyncContext, virtual: ObjectMeta): Record<string, string> {
  return { ...(virtual.labels ?? {}), [MANAGED_BY_LABEL]: ctx.name, [NAMESPACE_LABEL]: virtual.namespace ?? '' };
}

/** Annotations of a synced object: the virtual ones plus where it came from. */
export function hostAnnotations(ctx: SyncContext, virtual: ObjectMeta, kind: string): Record<string, string> {
  const name = hostName(virtual.name ?? '', virtual.namespace ?? '', ctx.name);
  return {
    ...(virtual.annotations ?? {}),
    [OBJECT_NAME]: virtual.name ?? '',
    [OBJECT_NAMESPACE]: virtual.namespace ?? '',
    [OBJECT_UID]: virtual.uid ?? '',
    [OBJECT_KIND]: kind,
    [OBJECT_HOST_NAME]: name,
    [OBJECT_HOST_NAMESPACE]: ctx.namespace,
  };
}

/** Where a synced host object came from, read back from its annotations. */
export function virtualKeyOf(host: KubeObject): string | undefined {
  const annotations = host.metadata?.annotations ?? {};
  const name = annotations[OBJECT_NAME];
  const namespace = annotations[OBJECT_NAMESPACE];
  return name && namespace ? `${namespace}/${name}` : undefined;
}

export function isManagedBy(ctx: SyncContext, host: KubeObject): boolean {
  return host.metadata?.labels?.[MANAGED_BY_LABEL] === ctx.name;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * A merge patch that turns `current` into `desired`; with `removeOthers`, keys only `current`
 * has are removed (null). Annotations leave them: host controllers may add their own.
 */
export function mapPatch(current: Record<string, string> | undefined, desired: Record<string, string>, removeOthers: boolean): Record<string, string | null> | undefined {
  const patch: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(desired)) if (current?.[key] !== value) patch[key] = value;
  if (removeOthers) for (const key of Object.keys(current ?? {})) if (!(key in desired)) patch[key] = null;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Stable JSON for comparing API objects whose key order may differ. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
