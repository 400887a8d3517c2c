// When a vCluster was last used through Cubby's gateway, and by whom. The gateway records it on
// the vCluster's host namespace, so every Cubby server (and sleep mode on whichever server leads)
// reads the same fact from its namespace informer, and a restart loses nothing:
//   cubby.dev/last-activity-at   ISO 8601 time of the last request or of an open stream's refresh
//   cubby.dev/last-activity-by   the user it was made for
// Writes are coarse on purpose (at most one per ACTIVITY_RESOLUTION_MS per vCluster per server,
// and every ACTIVITY_RESOLUTION_MS while a stream stays open), so a busy kubectl does not turn
// into a namespace write per request; readers must allow for that much lag.

export const ANNOTATION_LAST_ACTIVITY_AT = 'cubby.dev/last-activity-at';
export const ANNOTATION_LAST_ACTIVITY_BY = 'cubby.dev/last-activity-by';
export const ACTIVITY_RESOLUTION_MS = 30_000;

/** A namespace as the API or the host cache holds it; only annotations are read. */
export interface AnnotatedNamespace {
  metadata?: { annotations?: Record<string, string> };
}

export interface RecordedActivity {
  at: Date;
  by?: string;
}

/** The activity recorded on a vCluster's host namespace, or undefined if none (or unreadable). */
export function recordedActivity(namespace: AnnotatedNamespace | undefined): RecordedActivity | undefined {
  const annotations = namespace?.metadata?.annotations ?? {};
  const at = new Date(annotations[ANNOTATION_LAST_ACTIVITY_AT] ?? '');
  if (Number.isNaN(at.getTime())) return undefined;
  const by = annotations[ANNOTATION_LAST_ACTIVITY_BY];
  return by ? { at, by } : { at };
}

/**
 * Streams open through the gateway (watches, `logs -f`, exec, port-forward), one annotation per
 * Cubby server: `streams.gateway.cubby.dev/SERVER` = `COUNT@ISO-TIME`, rewritten every
 * ACTIVITY_RESOLUTION_MS while the count is above 0 and removed at 0. A server that died leaves
 * its annotation behind; readers count only entries younger than STREAMS_STALE_MS.
 */
export const STREAMS_ANNOTATION_PREFIX = 'streams.gateway.cubby.dev/';
export const STREAMS_STALE_MS = 3 * ACTIVITY_RESOLUTION_MS;

export function openStreams(namespace: AnnotatedNamespace | undefined, now: Date = new Date()): number {
  let total = 0;
  for (const [key, value] of Object.entries(namespace?.metadata?.annotations ?? {})) {
    if (!key.startsWith(STREAMS_ANNOTATION_PREFIX)) continue;
    const match = /^(\d+)@(.+)$/.exec(value);
    if (!match) continue;
    const at = new Date(match[2]!).getTime();
    if (now.getTime() - at < STREAMS_STALE_MS) total += Number(match[1]);
  }
  return total;
}
