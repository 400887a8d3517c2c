import 'server-only';
// Pause and resume exactly as the vcluster CLI does them, so `vcluster list` and Cubby agree and
// either tool can resume what the other paused: pause scales the control plane (StatefulSet, or
// Deployment for a vCluster without persistence) to 0 and records `loft.sh/paused=true`,
// `loft.sh/paused-replicas=<previous replicas>` and `loft.sh/paused-date`; resume restores the
// replicas from the annotation and removes all three. Like the CLI, pause also deletes the pods
// the vCluster synced to the host: with the syncer stopped nothing would manage them, and they
// would keep using the tenant's quota.
//
// The API server decides first whether the tenant's user may (a SubjectAccessReview for `pause`
// or `resume` on exactly this vCluster, see tenant-authorization.ts); then Cubby's own identity
// patches. The tenant's host identity itself may not write the StatefulSet: a patch could make
// the control plane privileged.
import type { V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { type ResourceType, ResourceTypes } from '@/lib/kube/resource-types';
import { LABEL_MANAGED_BY as LABEL_SYNCED_BY } from './host-object-name';
import { storedState } from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError, deniedAsNotFound } from './lifecycle-error';
import { PAUSED_ANNOTATION } from './status';
import { type Actor, authorizeTenant } from './tenant-authorization';
import { getPath } from './values-tree';
import { type VClusterRef, resolveVCluster } from './vcluster-ref';

export const PAUSED_REPLICAS_ANNOTATION = 'loft.sh/paused-replicas';
export const PAUSED_DATE_ANNOTATION = 'loft.sh/paused-date';

export interface PauseResumeInput {
  tenant: string;
  name: string;
  actor: Actor;
}

export interface PauseResumeResult {
  ref: VClusterRef;
  /** Whether anything changed (pausing a paused vCluster changes nothing). */
  changed: boolean;
  /** Replicas recorded at pause / restored at resume. */
  replicas: number;
  /** Synced pods deleted on pause. */
  deletedPods: string[];
}

type Workload = V1StatefulSet | V1Deployment;

export async function pauseVCluster(deps: LifecycleDeps, input: PauseResumeInput): Promise<PauseResumeResult> {
  const { ref, namespace } = await resolveVCluster(deps.client, input.tenant, input.name);
  await authorizeTenant(deps.client, input.actor, 'pause', ref);
  const now = deps.now ?? (() => new Date());
  const configured = Number(getPath(storedState(namespace).values, ['controlPlane', 'statefulSet', 'highAvailability', 'replicas']) ?? 1);

  const outcome = await patchWithRetry(deps.client, ref, (workload) => {
    if (workload.metadata?.annotations?.[PAUSED_ANNOTATION] === 'true') return undefined;
    const current = workload.spec?.replicas ?? 1;
    // Already at 0 (scaled down by hand): remember what the vCluster is configured for instead,
    // or resume would bring back nothing.
    const replicas = current === 0 ? (Number.isInteger(configured) && configured > 0 ? configured : 1) : current;
    return {
      replicas,
      patch: {
        metadata: {
          resourceVersion: workload.metadata?.resourceVersion,
          annotations: {
            [PAUSED_ANNOTATION]: 'true',
            [PAUSED_REPLICAS_ANNOTATION]: String(replicas),
            // RFC 3339 in UTC with milliseconds: the CLI's layout.
            [PAUSED_DATE_ANNOTATION]: now().toISOString(),
          },
        },
        spec: { replicas: 0 },
      },
    };
  });
  const deletedPods = outcome.changed ? await deleteSyncedPods(deps.client, ref) : [];
  return { ref, changed: outcome.changed, replicas: outcome.replicas, deletedPods };
}

export async function resumeVCluster(deps: LifecycleDeps, input: PauseResumeInput): Promise<PauseResumeResult> {
  const { ref } = await resolveVCluster(deps.client, input.tenant, input.name);
  await authorizeTenant(deps.client, input.actor, 'resume', ref);
  const outcome = await patchWithRetry(deps.client, ref, (workload) => {
    const annotations = workload.metadata?.annotations ?? {};
    if (annotations[PAUSED_ANNOTATION] !== 'true') return undefined;
    const recorded = Number.parseInt(annotations[PAUSED_REPLICAS_ANNOTATION] ?? '', 10);
    const replicas = Number.isInteger(recorded) && recorded > 0 ? recorded : 1;
    return {
      replicas,
      patch: {
        metadata: {
          resourceVersion: workload.metadata?.resourceVersion,
          annotations: { [PAUSED_ANNOTATION]: null, [PAUSED_REPLICAS_ANNOTATION]: null, [PAUSED_DATE_ANNOTATION]: null },
        },
        spec: { replicas },
      },
    };
  });
  return { ref, changed: outcome.changed, replicas: outcome.replicas, deletedPods: [] };
}

/**
 * Reads and patches the control-plane workload with Cubby's client (the tenant was authorised
 * already), with the read resourceVersion as precondition, re-reading on a conflict so a
 * concurrent scale is never overwritten blindly.
 */
async function patchWithRetry(
  client: KubeClient,
  ref: VClusterRef,
  build: (workload: Workload) => { replicas: number; patch: unknown } | undefined,
): Promise<{ changed: boolean; replicas: number }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { type, workload } = await controlPlane(client, ref);
    const step = build(workload);
    if (!step) {
      const annotations = workload.metadata?.annotations ?? {};
      const recorded = Number.parseInt(annotations[PAUSED_REPLICAS_ANNOTATION] ?? '', 10);
      return { changed: false, replicas: Number.isInteger(recorded) ? recorded : (workload.spec?.replicas ?? 1) };
    }
    try {
      await client.patch(type, ref.name, ref.namespace, step.patch);
      return { changed: true, replicas: step.replicas };
    } catch (error) {
      if (error instanceof KubeError && error.status === 409) continue;
      throw deniedAsNotFound(error, ref.tenant, ref.name);
    }
  }
  throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' kept changing; try again.`);
}

/** The StatefulSet named after the release, or the Deployment the chart makes without persistence. */
async function controlPlane(client: KubeClient, ref: VClusterRef): Promise<{ type: ResourceType; workload: Workload }> {
  const sts = await client.find<V1StatefulSet>(ResourceTypes.StatefulSet, ref.name, ref.namespace);
  if (sts) return { type: ResourceTypes.StatefulSet, workload: sts };
  const deployment = await client.find<V1Deployment>(ResourceTypes.Deployment, ref.name, ref.namespace);
  if (deployment) return { type: ResourceTypes.Deployment, workload: deployment };
  throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' has no control plane yet; finish creating it first.`);
}

async function deleteSyncedPods(client: KubeClient, ref: VClusterRef): Promise<string[]> {
  const pods = await client.list<V1Pod>(ResourceTypes.Pod, { namespace: ref.namespace, labelSelector: `${LABEL_SYNCED_BY}=${ref.name}` });
  const names: string[] = [];
  for (const pod of pods.items) {
    const name = pod.metadata?.name;
    if (!name) continue;
    await client.delete(ResourceTypes.Pod, name, ref.namespace);
    names.push(name);
  }
  return names;
}
