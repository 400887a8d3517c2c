import 'server-only';
// Applying a vCluster's objects with server-side apply (field manager `cubby`), in order, and
// removing the ones a new render no longer contains. Server-side apply makes every step
// idempotent: re-running a half-done apply converges instead of failing on "already exists".
// Cluster-scoped objects go through cluster-scoped-owner.ts: their names can clash with another
// vCluster's, and Cubby never writes over or deletes what belongs to another vCluster.
//
// Since vClusters are Helm releases (helm-release.ts), server-side apply is for Cubby's own
// objects only (quota, limit range, tenant RBAC); the chart's objects are helm's, installed and
// upgraded by `helm upgrade --install` with Cubby's labels added by its post-renderer. Every
// object of both kinds is still recorded on the namespace (what delete and pruning rely on).
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { type ResourceType, ResourceTypes } from '@/lib/kube/resource-types';
import { applyClusterObject, deleteClusterObjectIfOwned } from './cluster-scoped-owner';
import { grantCubbyNamespaceAccess } from './cubby-namespace-access';
import type { Tenant } from '@/lib/tenancy/model';
import { installOrUpgrade, type InstallResult } from './helm-release';
import { ANNOTATION_APPLIED_GENERATION, ANNOTATION_OBJECTS, LABEL_MANAGED_BY, type ObjectRefEntry, cubbyLabels, refKey } from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { tenantObjects } from './tenant-objects';
import type { ChartValues } from './values-tree';
import { VClusterError } from './lifecycle-error';
import { cloneValues } from './values-tree';
import type { VClusterRef } from './vcluster-ref';

export interface PrepareOptions {
  /** The vCluster's host namespace: namespaced objects without one land here, others are refused. */
  namespace: string;
  /** Labels added to every object's metadata (not to selectors or pod templates). */
  labels: Record<string, string>;
}

/**
 * Copies the objects with Cubby's labels and the namespace filled in. A namespaced object aimed
 * at another namespace is refused: nothing would ever clean it up with the vCluster.
 */
export async function prepareObjects(
  client: KubeClient,
  objects: readonly KubernetesObject[],
  options: PrepareOptions,
): Promise<KubernetesObject[]> {
  const prepared: KubernetesObject[] = [];
  for (const original of objects) {
    const object = cloneValues(original);
    const type = await client.resourceTypeOf(object.apiVersion!, object.kind!);
    const metadata = (object.metadata ??= {});
    if (type.namespaced) {
      if (metadata.namespace && metadata.namespace !== options.namespace) {
        throw new VClusterError(
          500,
          'render_failed',
          `the chart renders ${object.kind} ${metadata.name} into namespace ${metadata.namespace}, outside the vCluster's namespace ${options.namespace}`,
        );
      }
      metadata.namespace = options.namespace;
    } else {
      delete metadata.namespace;
    }
    metadata.labels = { ...(metadata.labels ?? {}), ...options.labels };
    prepared.push(object);
  }
  return prepared;
}

export function refOf(object: KubernetesObject): ObjectRefEntry {
  const ref: ObjectRefEntry = { apiVersion: object.apiVersion!, kind: object.kind!, name: object.metadata!.name! };
  if (object.metadata?.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/**
 * Applies one after another, in the given order (helm's install order: RBAC before workloads).
 * A cluster-scoped object that belongs to another vCluster stops the apply with 409.
 */
export async function applyInOrder(client: KubeClient, objects: readonly KubernetesObject[], owner: VClusterRef): Promise<void> {
  for (const object of objects) {
    const type = await client.resourceTypeOf(object.apiVersion!, object.kind!);
    if (type.namespaced) await client.apply(object);
    else await applyClusterObject(client, type, object, owner);
  }
}

/** Refs in `previous` that `current` no longer has. */
export function staleRefs(previous: readonly ObjectRefEntry[], current: readonly ObjectRefEntry[]): ObjectRefEntry[] {
  const keep = new Set(current.map(refKey));
  return previous.filter((ref) => !keep.has(refKey(ref)));
}

/**
 * Deletes by ref; missing objects and kinds the server no longer serves count as deleted. A
 * cluster-scoped object is deleted only if it is `owner`'s; the refs of those left alone (another
 * vCluster's) are returned.
 */
export async function deleteRefs(client: KubeClient, refs: readonly ObjectRefEntry[], owner: VClusterRef): Promise<ObjectRefEntry[]> {
  const kept: ObjectRefEntry[] = [];
  for (const ref of refs) {
    let type: ResourceType;
    try {
      type = await client.resourceTypeOf(ref.apiVersion, ref.kind);
    } catch (error) {
      if (error instanceof KubeError && error.notFound) continue;
      throw error;
    }
    if (type.namespaced) await client.delete(type, ref.name, ref.namespace);
    else if (!(await deleteClusterObjectIfOwned(client, type, ref.name, owner))) kept.push(ref);
  }
  return kept;
}

/** Union of ref lists, first occurrence wins, order kept. */
export function unionRefs(...lists: ReadonlyArray<readonly ObjectRefEntry[]>): ObjectRefEntry[] {
  const seen = new Set<string>();
  const out: ObjectRefEntry[] = [];
  for (const list of lists) {
    for (const ref of list) {
      const key = refKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}

/** A render of a vCluster split by who writes what. */
export interface VClusterObjects {
  /** Cubby's own (quota, limit range, tenant RBAC), prepared; applied by Cubby. */
  own: KubernetesObject[];
  /** The chart's, prepared as `helm template` renders them; installed by helm. */
  chart: KubernetesObject[];
  /** Both, own first: what is recorded on the namespace and checked. */
  all: KubernetesObject[];
}

/** Cubby's objects and the chart's, labelled and namespaced (see prepareObjects). */
export async function prepareVClusterObjects(client: KubeClient, tenant: Tenant, ref: VClusterRef, rendered: readonly KubernetesObject[]): Promise<VClusterObjects> {
  const options = { namespace: ref.namespace, labels: cubbyLabels(tenant.name, ref.name) };
  const own = await prepareObjects(client, tenantObjects(tenant, ref.namespace, ref.name, rendered), options);
  const chart = await prepareObjects(client, rendered, options);
  return { own, chart, all: [...own, ...chart] };
}

/**
 * The labels helm's post-renderer puts on chart objects: Cubby's, less `managed-by`, which on a
 * release's objects is helm's (`Helm`, its ownership mark).
 */
export function releaseLabels(tenant: string, name: string): Record<string, string> {
  const labels = { ...cubbyLabels(tenant, name) };
  delete labels[LABEL_MANAGED_BY];
  return labels;
}

export interface WriteVClusterInput {
  ref: VClusterRef;
  objects: VClusterObjects;
  values: ChartValues;
  /** StatefulSet replicas the release must keep (a paused vCluster). */
  statefulSetReplicas?: Record<string, number>;
  /** The chart version to install; the configured one when omitted. */
  chartVersion?: string;
}

/**
 * Binds Cubby in the namespace (its rights there), applies Cubby's own objects (RBAC and quota
 * before the workloads), then installs or upgrades the release.
 */
export async function writeVClusterObjects(deps: LifecycleDeps, input: WriteVClusterInput): Promise<InstallResult> {
  await grantCubbyNamespaceAccess(deps.client, input.ref.namespace, cubbyLabels(input.ref.tenant, input.ref.name));
  await applyInOrder(deps.client, input.objects.own, input.ref);
  return installOrUpgrade(
    { client: deps.client, chart: deps.chart, pendingStaleMs: deps.helmPendingStaleMs },
    {
      ref: input.ref,
      values: input.values,
      labels: releaseLabels(input.ref.tenant, input.ref.name),
      statefulSetReplicas: input.statefulSetReplicas,
      adoptable: input.objects.chart,
      chartVersion: input.chartVersion,
    },
  );
}

export interface ApplyVClusterObjectsInput {
  /** The vCluster; its namespace is where the record is kept. */
  ref: VClusterRef;
  /** Prepared objects, Cubby's and the chart's. */
  objects: VClusterObjects;
  values: ChartValues;
  /** What the namespace recorded before; anything not in `objects` is removed. */
  previous: readonly ObjectRefEntry[];
  /** The options generation these objects belong to; recorded as applied when all are. */
  generation: string;
  /** The chart version to install; the configured one when omitted. */
  chartVersion?: string;
}

/**
 * Applies a generation of a vCluster's objects crash-safely. The caller has already recorded
 * `previous ∪ objects` on the namespace (creation writes it with the namespace itself); then the
 * objects are applied (the release installed), stale ones deleted, and only then the namespace records the new set and the
 * generation as applied. Whatever step fails, a retry or a delete still finds every object.
 */
export async function applyVClusterObjects(deps: LifecycleDeps, input: ApplyVClusterObjectsInput): Promise<{ pruned: ObjectRefEntry[]; release: InstallResult }> {
  const { client } = deps;
  const current = input.objects.all.map(refOf);
  const release = await writeVClusterObjects(deps, { ref: input.ref, objects: input.objects, values: input.values, chartVersion: input.chartVersion });
  const pruned = staleRefs(input.previous, current);
  await deleteRefs(client, pruned, input.ref);
  await patchNamespaceAnnotations(client, input.ref.namespace, {
    [ANNOTATION_OBJECTS]: JSON.stringify(current),
    [ANNOTATION_APPLIED_GENERATION]: input.generation,
  });
  return { pruned, release };
}

export async function patchNamespaceAnnotations(client: KubeClient, namespace: string, annotations: Record<string, string | null>): Promise<void> {
  await client.patch(ResourceTypes.Namespace, namespace, undefined, { metadata: { annotations } });
}
