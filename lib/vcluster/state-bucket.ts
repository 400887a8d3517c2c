// The four states the admin overview counts vClusters by, from the status the API reports. Pure,
// so the server keeps per-tenant counts with it and the browser labels rows with it.
import type { VClusterView } from '@/lib/api/vcluster-views';

export type StateBucket = 'running' | 'pending' | 'paused' | 'other';

export const STATE_BUCKET_IDS: readonly StateBucket[] = ['running', 'pending', 'paused', 'other'];

export type StateInput = Pick<VClusterView, 'status' | 'creationStep' | 'paused' | 'terminating'>;

const STARTING = new Set(['Unknown', 'Pending', 'ContainerCreating', 'PodInitializing']);

/**
 * Running: the control plane runs and the kubeconfig exists. Pending: still coming up without a
 * failure (rendering, applying, scheduling, initialising). Paused: paused by its tenant. Other:
 * being deleted, scaled down, or failing (CrashLoopBackOff, Error, ...): worth a look.
 */
export function stateBucket(view: StateInput): StateBucket {
  if (view.terminating) return 'other';
  if (view.paused || view.status === 'Paused') return 'paused';
  if (view.status === 'Running') return view.creationStep === 'ready' ? 'running' : 'pending';
  if (view.creationStep !== 'ready' && (STARTING.has(view.status) || /^Init:\d+\/\d+$/.test(view.status))) return 'pending';
  return 'other';
}

export function stateLabel(view: StateInput): string {
  if (view.terminating) return 'Deleting';
  return view.status;
}

export type StateCounts = Record<StateBucket, number>;

export function countStates(views: readonly StateInput[]): StateCounts {
  const counts: StateCounts = { running: 0, pending: 0, paused: 0, other: 0 };
  for (const view of views) counts[stateBucket(view)] += 1;
  return counts;
}
