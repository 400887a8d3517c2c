// When a vCluster was last used through Cubby's gateway, and by whom. The gateway records it on
// the vCluster's host namespace, so every Cubby server (and sleep mode on whichever server leads)
// reads the same fact from its namespace informer, and a restart loses nothing:
//   cubby.dev/last-activity-at   ISO 8601 time of the last request or of an open stream's refresh
//   cubby.dev/last-activity-by   the user it was made for
// Writes are coarse on purpose (at most one per ACTIVITY_RESOLUTION_MS per vCluster per server,
// and every ACTIVITY_RESOLUTION_MS while a stream stays open), so a busy kubectl does not turn
// into a namespace write per request; readers must allow for that much lag.
import type { V1Namespace } from '@kubernetes/client-node';

export const ANNOTATION_LAST_ACTIVITY_AT = 'cubby.dev/last-activity-at';
export const ANNOTATION_LAST_ACTIVITY_BY = 'cubby.dev/last-activity-by';
export const ACTIVITY_RESOLUTION_MS = 30_000;

export interface RecordedActivity {
  at: Date;
  by?: string;
}

/** The activity recorded on a vCluster's host namespace, or undefined if none (or unreadable). */
export function recordedActivity(namespace: Pick<V1Namespace, 'metadata'> | undefined): RecordedActivity | undefined {
  const annotations = namespace?.metadata?.annotations ?? {};
  const at = new Date(annotations[ANNOTATION_LAST_ACTIVITY_AT] ?? '');
  if (Number.isNaN(at.getTime())) return undefined;
  const by = annotations[ANNOTATION_LAST_ACTIVITY_BY];
  return by ? { at, by } : { at };
}
