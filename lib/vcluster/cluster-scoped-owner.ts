import 'server-only';
// Which vCluster a cluster-scoped object (the chart's ClusterRole and ClusterRoleBinding) belongs
// to, and the only ways Cubby writes or deletes one. The chart cuts their names to 63 characters
// (cluster-scoped-names.ts), so two vClusters can be given the same name; whoever has it first
// keeps it:
//   - before anything is written, a creation or an option change that would need a name taken by
//     another vCluster (live on the host, or recorded by one being created) is refused with 409;
//   - when applying, a name that is free is CREATED (not applied), so of two racing creations
//     exactly one gets it and the other is refused; a taken name is applied only when its labels
//     say it is this vCluster's;
//   - with vClusters as Helm releases, Cubby still creates a free name itself, with helm's
//     ownership metadata on it, right before `helm upgrade --install` (helm-release.ts
//     claimClusterObjects), so that the first object decides the race as before; helm then adopts
//     it. helm alone would create several kinds at once and two racing installs could each get
//     one of the pair and both fail;
//   - deleting and pruning remove only objects that are this vCluster's, with the object's uid
//     as precondition, so one replaced in between is left alone.
import type { KubernetesObject, V1ClusterRoleBinding, V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { type ResourceType, ResourceTypes, objectPath } from '@/lib/kube/resource-types';
import { assertClusterRulesGrantable } from './grantable-rules';
import { LABEL_TENANT, LABEL_VCLUSTER, storedState } from './host-metadata';
import { VClusterError } from './lifecycle-error';
import type { VClusterRef } from './vcluster-ref';

/**
 * Whether `object` is the vCluster's. Cubby's labels decide when present (Cubby labels every
 * object it applies). Without them it is a chart object of a vCluster helm made: its `release`
 * label must be the vCluster's name and its binding (the object itself, or the ClusterRoleBinding
 * of the same name, which the chart always renders beside the ClusterRole) must bind a subject in
 * the vCluster's namespace; the release label alone is not enough, since names repeat across
 * namespaces.
 */
export async function clusterObjectBelongsTo(client: KubeClient, object: KubernetesObject, ref: VClusterRef): Promise<boolean> {
  const labels = object.metadata?.labels ?? {};
  if (labels[LABEL_TENANT] !== undefined || labels[LABEL_VCLUSTER] !== undefined) {
    return labels[LABEL_TENANT] === ref.tenant && labels[LABEL_VCLUSTER] === ref.name;
  }
  if (labels.release !== ref.name || !ref.namespace) return false;
  const binding =
    object.kind === 'ClusterRoleBinding'
      ? (object as V1ClusterRoleBinding)
      : await client.find<V1ClusterRoleBinding>(ResourceTypes.ClusterRoleBinding, object.metadata?.name ?? '');
  if (!binding || binding.metadata?.labels?.release !== ref.name) return false;
  return (binding.subjects ?? []).some((subject) => subject.namespace === ref.namespace);
}

/** The 409 for a cluster-scoped name another vCluster holds. */
export function clash(kind: string, name: string): VClusterError {
  return new VClusterError(
    409,
    'already_exists',
    `${kind} '${name}' already belongs to another vCluster. The chart names it 'vc-NAME-v-NAMESPACE' cut to 63 characters, so this vCluster would share it; choose a shorter name.`,
    { field: 'name', kind, object: name },
  );
}

/**
 * 409 naming the first cluster-scoped object of `objects` that another vCluster holds: one on the
 * host that is not this vCluster's, or one that no vCluster has yet but another vCluster's
 * namespace records (it is being created, or changed, right now). 403 when a ClusterRole among
 * them holds rules Cubby itself does not (grantable-rules.ts). Writes nothing.
 */
export async function assertClusterObjectsFree(client: KubeClient, ref: VClusterRef, objects: readonly KubernetesObject[]): Promise<void> {
  await assertClusterRulesGrantable(client, objects);
  let recordedElsewhere: Set<string> | undefined;
  for (const object of objects) {
    const type = await client.resourceTypeOf(object.apiVersion!, object.kind!);
    if (type.namespaced) continue;
    const name = object.metadata!.name!;
    const live = await client.find<KubernetesObject>(type, name);
    if (live) {
      if (!(await clusterObjectBelongsTo(client, live, ref))) throw clash(type.kind, name);
      continue;
    }
    recordedElsewhere ??= await clusterRefsRecordedByOthers(client, ref);
    if (recordedElsewhere.has(`${type.kind}/${name}`)) throw clash(type.kind, name);
  }
}

/** `Kind/name` of every cluster-scoped object other live vCluster namespaces record as theirs. */
async function clusterRefsRecordedByOthers(client: KubeClient, ref: VClusterRef): Promise<Set<string>> {
  const namespaces = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: LABEL_TENANT });
  const refs = new Set<string>();
  for (const namespace of namespaces.items) {
    if (namespace.metadata?.name === ref.namespace) continue;
    const state = storedState(namespace);
    if (state.terminating) continue;
    for (const recorded of state.objects) if (recorded.namespace === undefined) refs.add(`${recorded.kind}/${recorded.name}`);
  }
  return refs;
}

/**
 * Takes a cluster-scoped name for the vCluster: creates `object` when the name is free (a racing
 * creation then fails on AlreadyExists instead of taking it over), accepts it when the live object
 * already is this vCluster's, refuses with 409 when it is another's. Says whether it created.
 */
export async function claimClusterObject(client: KubeClient, type: ResourceType, object: KubernetesObject, ref: VClusterRef): Promise<'created' | 'ours'> {
  const name = object.metadata!.name!;
  let live = await client.find<KubernetesObject>(type, name);
  if (!live) {
    try {
      await client.create(type, object);
      return 'created';
    } catch (error) {
      if (!(error instanceof KubeError && error.status === 409)) throw error;
      live = await client.get<KubernetesObject>(type, name);
    }
  }
  if (!(await clusterObjectBelongsTo(client, { ...live, kind: type.kind }, ref))) throw clash(type.kind, name);
  return 'ours';
}

/** Writes a cluster-scoped object of the vCluster: claimed, then applied when it already was. */
export async function applyClusterObject(client: KubeClient, type: ResourceType, object: KubernetesObject, ref: VClusterRef): Promise<void> {
  if ((await claimClusterObject(client, type, object, ref)) === 'ours') await client.apply(object);
}

/**
 * Deletes a cluster-scoped object only if it is the vCluster's, and only the very object that
 * was checked (uid precondition). True when it was deleted or was already gone.
 */
export async function deleteClusterObjectIfOwned(client: KubeClient, type: ResourceType, name: string, ref: VClusterRef): Promise<boolean> {
  const live = await client.find<KubernetesObject>(type, name);
  if (!live) return true;
  if (!(await clusterObjectBelongsTo(client, live, ref))) return false;
  try {
    await client.request({
      method: 'DELETE',
      path: objectPath(type, name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid: live.metadata?.uid } },
      ref: { kind: type.kind, name },
    });
    return true;
  } catch (error) {
    if (error instanceof KubeError && error.notFound) return true;
    // 409: the uid changed, so someone else's object now has the name; it stays.
    if (error instanceof KubeError && error.status === 409) return false;
    throw error;
  }
}
