import 'server-only';
// The pods and warning events inside a vCluster, read through its own API (vcluster-access.ts), for
// the pods the host has no copy of (unsynced-pods.ts). Best effort with a short deadline: the Pods
// tab must not wait on a vCluster that is slow or unreachable; it then shows the host's view only.
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { LifecycleDeps } from './lifecycle-deps';
import type { PodLike } from './pod-status';
import type { PodEventLike } from './pod-waiting';
import type { Actor } from './tenant-authorization';
import { type VClusterAccessSettings, vClusterAccessSettings, vClusterClient } from './vcluster-access';

export const VIRTUAL_READ_TIMEOUT_MS = 2_000;

export interface VirtualPodsRead {
  pods: PodLike[];
  events: PodEventLike[];
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the vCluster did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Pods without a node (only those can lack a host copy for long) and the Warning events. */
export async function readVirtualPods(vcluster: KubeClient, timeoutMs = VIRTUAL_READ_TIMEOUT_MS): Promise<VirtualPodsRead> {
  const [pods, events] = await withDeadline(
    Promise.all([
      vcluster.list<PodLike>(ResourceTypes.Pod, { fieldSelector: 'spec.nodeName=' }),
      vcluster.list<PodEventLike>(ResourceTypes.Event, { fieldSelector: 'type=Warning' }),
    ]),
    timeoutMs,
  );
  return { pods: pods.items, events: events.items };
}

export async function virtualPodsOf(
  deps: LifecycleDeps,
  input: { tenant: string; name: string; actor: Actor },
  settings: VClusterAccessSettings = vClusterAccessSettings(),
): Promise<VirtualPodsRead> {
  const { client } = await withDeadline(vClusterClient(deps, input, settings), VIRTUAL_READ_TIMEOUT_MS);
  return readVirtualPods(client);
}
