import 'server-only';
// Deleting a vCluster so that nothing is left: the tenant is authorised by a SubjectAccessReview
// (`delete` on exactly this vCluster), then Cubby's service account uninstalls the vCluster's Helm
// release through helm (`helm uninstall`: the chart's objects, including its cluster-scoped RBAC,
// and helm's release record; a vCluster from before releases has none), then deletes the namespace (which
// takes the PVCs, the synced objects and the kubeconfig Secret with it) and every cluster-scoped
// object of the vCluster, found three ways: the namespace's record of applied objects, Cubby's
// labels, and the chart's own names (`vc-NAME-v-NS`, `vc-mn-NAME-v-NS`) for vClusters helm made.
// The chart cuts those names to 63 characters, so a recorded or computed name can be another
// vCluster's object: only objects that belong to this vCluster (cluster-scoped-owner.ts) go.
//
// Works for half-created vClusters too (the namespace record is written first), which makes it
// the cleanup for a failed creation.
import type { KubernetesObject, V1Namespace, V1PersistentVolume } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { type ResourceType, ResourceTypes } from '@/lib/kube/resource-types';
import { deleteRefs, unionRefs } from './apply-objects';
import { chartClusterScopedNames } from './cluster-scoped-names';
import { clusterObjectBelongsTo } from './cluster-scoped-owner';
import { grantCubbyNamespaceAccess } from './cubby-namespace-access';
import { uninstallRelease } from './helm-release';
import { type ObjectRefEntry, cubbyLabels, cubbySelector, storedState } from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { vClusterNotFound } from './lifecycle-error';
import { type Actor, authorizeTenant } from './tenant-authorization';
import type { VClusterRef } from './vcluster-ref';
import { resolveVCluster } from './vcluster-ref';

const PersistentVolume: ResourceType = { apiVersion: 'v1', kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false };
const CLUSTER_SCOPED_KINDS = [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding];

export interface DeleteVClusterInput {
  tenant: string;
  name: string;
  actor: Actor;
  /** Wait until nothing is left (namespace gone, volumes reclaimed); default true. */
  wait?: boolean;
  timeoutMs?: number;
}

export interface Leftover {
  kind: string;
  name: string;
  namespace?: string;
  /** Why it is still there, in words for an admin. */
  reason: string;
}

export interface DeleteVClusterResult {
  ref: VClusterRef;
  /** Cluster-scoped objects deleted. */
  clusterObjects: ObjectRefEntry[];
  /** Cluster-scoped objects recorded for this vCluster that belong to another one, left alone. */
  keptForOthers: ObjectRefEntry[];
  /** What is still there when waiting ended (empty when everything is gone or not waited for). */
  remaining: Leftover[];
  /** Whether a Helm release was uninstalled. */
  uninstalled: boolean;
  waitedMs: number;
}

export async function deleteVCluster(deps: LifecycleDeps, input: DeleteVClusterInput): Promise<DeleteVClusterResult> {
  const { client } = deps;
  const started = performance.now();
  let ref: VClusterRef;
  let namespace: V1Namespace | undefined;
  try {
    ({ ref, namespace } = await resolveVCluster(client, input.tenant, input.name));
  } catch (error) {
    // The namespace may be gone while cluster-scoped objects remain (deleted by hand, or an
    // earlier delete stopped half-way): only an admin (service account) may clean those up.
    if (input.actor !== 'service-account') throw error;
    ref = { tenant: input.tenant, name: input.name, namespace: '' };
  }
  await authorizeTenant(client, input.actor, 'delete', ref);

  const recorded = namespace ? storedState(namespace).objects.filter((r) => r.namespace === undefined) : [];
  const found = await clusterObjectsOf(client, ref);
  const candidates = unionRefs(recorded, found);
  if (!namespace && found.length === 0) throw vClusterNotFound(input.tenant, input.name);

  // The release first (helm removes what it installed, and its record), then the namespace: its
  // syncer stops before any cluster-wide rights helm did not remove go.
  let uninstalled = false;
  if (namespace) {
    // Cubby's rights in the namespace, in case its RoleBinding was removed (helm needs them).
    if (!namespace.metadata?.deletionTimestamp) await grantCubbyNamespaceAccess(client, ref.namespace, cubbyLabels(ref.tenant, ref.name));
    uninstalled = await uninstallRelease({ client, chart: deps.chart, pendingStaleMs: deps.helmPendingStaleMs }, ref);
    await client.delete(ResourceTypes.Namespace, ref.namespace);
  }
  const keptForOthers = await deleteRefs(client, candidates, ref);
  const kept = new Set(keptForOthers.map((r) => `${r.kind}/${r.name}`));
  const clusterObjects = candidates.filter((r) => !kept.has(`${r.kind}/${r.name}`));

  let remaining: Leftover[] = [];
  if (input.wait ?? true) {
    const deadline = Date.now() + (input.timeoutMs ?? 120_000);
    for (;;) {
      remaining = await vClusterLeftovers(client, ref);
      const waitingFor = remaining.filter((l) => !l.reason.startsWith('retained'));
      if (waitingFor.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return { ref, clusterObjects, keptForOthers, remaining, uninstalled, waitedMs: performance.now() - started };
}

/**
 * Everything of a vCluster still on the host: its namespace, volumes bound to its claims, and
 * cluster-scoped objects with its labels or the chart's names for it.
 */
export async function vClusterLeftovers(client: KubeClient, ref: VClusterRef): Promise<Leftover[]> {
  const leftovers: Leftover[] = [];
  if (ref.namespace) {
    const ns = await client.find<V1Namespace>(ResourceTypes.Namespace, ref.namespace);
    if (ns) {
      leftovers.push({
        kind: 'Namespace',
        name: ref.namespace,
        reason: ns.metadata?.deletionTimestamp ? 'terminating: its objects are still being removed' : 'not deleted',
      });
    }
    const volumes = await client.list<V1PersistentVolume>(PersistentVolume);
    for (const pv of volumes.items) {
      if (pv.spec?.claimRef?.namespace !== ref.namespace) continue;
      const policy = pv.spec.persistentVolumeReclaimPolicy;
      leftovers.push({
        kind: 'PersistentVolume',
        name: pv.metadata?.name ?? '',
        reason:
          policy === 'Retain'
            ? `retained: reclaim policy Retain keeps the data of claim ${pv.spec.claimRef.name}; an admin deletes it`
            : `being reclaimed (claim ${pv.spec.claimRef.name}, phase ${pv.status?.phase ?? 'unknown'})`,
      });
    }
  }
  for (const object of await clusterObjectsOf(client, ref)) {
    leftovers.push({ kind: object.kind, name: object.name, reason: 'not deleted' });
  }
  return leftovers;
}

/**
 * Cluster-scoped RBAC of the vCluster that is really its own: by Cubby's labels, and by the
 * chart's names for imported ones (checked by clusterObjectBelongsTo, since a cut name can be
 * another vCluster's).
 */
async function clusterObjectsOf(client: KubeClient, ref: VClusterRef): Promise<ObjectRefEntry[]> {
  const refs: ObjectRefEntry[] = [];
  for (const type of CLUSTER_SCOPED_KINDS) {
    const labelled = await client.list<KubernetesObject>(type, { labelSelector: cubbySelector(ref.tenant, ref.name) });
    for (const item of labelled.items) {
      if (item.metadata?.name) refs.push({ apiVersion: type.apiVersion, kind: type.kind, name: item.metadata.name });
    }
    if (!ref.namespace) continue;
    for (const name of chartClusterScopedNames(ref.name, ref.namespace)) {
      const object = await client.find<KubernetesObject>(type, name);
      if (object && (await clusterObjectBelongsTo(client, { ...object, kind: type.kind }, ref))) {
        refs.push({ apiVersion: type.apiVersion, kind: type.kind, name });
      }
    }
  }
  return unionRefs(refs);
}
