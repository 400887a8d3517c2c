// The events the vCluster syncer records on virtual objects when the host refuses their copy, so a
// tenant sees why inside their own cluster (`kubectl describe pod`). loft-sh/vcluster's syncer
// (pkg/patcher CreateHostObject, and the pod syncer's Sync) records them through client-go's
// events API as `pod-syncer`, `ingress-syncer`, ...:
//   type Warning, reason SyncError, action Sync<Kind>,
//   note "Error syncing to host cluster: create object: <API error>" on a failed create,
//   note "Error syncing: <API error>" when an update of an existing copy fails,
// with the host object's translated name replaced by the virtual one. Repeats of one event become
// a series on the same Event object, as client-go's recorder does.
import { errorCode, type KubeClient, type KubeObject } from './kube-client';
import { hostName } from './host-name';
import type { SyncContext } from './sync-context';

export const SYNC_ERROR_REASON = 'SyncError';
export const EVENTS_GROUP_VERSION = 'events.k8s.io/v1';

/** How often a repeating event's series is written back; client-go batches repeats too. */
const SERIES_FLUSH_MS = 5_000;
/** An event that has not repeated for this long starts a new Event object (client-go: 6 min). */
const SERIES_WINDOW_MS = 6 * 60_000;
/** Event notes are bounded by the API server (1 KiB). */
const MAX_NOTE = 1024;

export interface EventsV1 extends KubeObject {
  eventTime: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  note: string;
  type: 'Normal' | 'Warning';
  regarding: { apiVersion?: string; kind: string; name: string; namespace?: string; uid?: string; resourceVersion?: string };
  series?: { count: number; lastObservedTime: string };
}

/** The API server's message of a failed request, as a Go client's error prints it. */
export function apiErrorText(error: unknown): string {
  const apiMessage = (error as { apiMessage?: unknown }).apiMessage;
  if (typeof apiMessage === 'string' && apiMessage) return apiMessage;
  return error instanceof Error ? error.message : String(error);
}

/**
 * True for a refusal by the host (admission, validation, forbidden): retrying the same object
 * cannot succeed until something changes, so the tenant must be told. Conflicts and server errors
 * are transient and stay silent.
 */
export function isRefusal(error: unknown): boolean {
  const code = errorCode(error);
  return code === 400 || code === 403 || code === 422;
}

/** The host name of the object replaced by its virtual name, and other objects' suffix dropped. */
export function sanitizeNote(note: string, virtual: { name: string; namespace: string }, vcluster: string): string {
  const host = hostName(virtual.name, virtual.namespace, vcluster);
  let text = host !== virtual.name ? note.split(host).join(virtual.name) : note;
  const suffix = `-x-${virtual.namespace}-x-${vcluster}`;
  if (!virtual.name.endsWith(suffix)) text = text.split(suffix).join('');
  return text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 3)}...` : text;
}

export interface SyncEventInput {
  /** `pod`, `ingress`, ...: the recorder is `<syncer>-syncer`. */
  syncer: string;
  kind: string;
  apiVersion: string;
  object: KubeObject;
  note: string;
}

interface Recorded {
  name: string;
  namespace: string;
  count: number;
  firstAt: number;
  lastAt: number;
  flushedCount: number;
  timer?: NodeJS.Timeout;
}

/** Writes SyncError events into the virtual cluster; one instance per running vCluster. */
export class SyncEventRecorder {
  private readonly recorded = new Map<string, Recorded>();
  private stopped = false;

  constructor(
    private readonly virtual: KubeClient,
    private readonly vcluster: string,
    private readonly log: (line: string) => void,
  ) {}

  static forContext(ctx: SyncContext): SyncEventRecorder {
    return new SyncEventRecorder(ctx.virtual, ctx.name, ctx.log);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.recorded.values()) clearTimeout(entry.timer);
    this.recorded.clear();
  }

  /** Records a failed create of the object's host copy. */
  createFailed(input: Omit<SyncEventInput, 'note'>, error: unknown): Promise<void> {
    return this.warn({ ...input, note: `Error syncing to host cluster: create object: ${apiErrorText(error)}` });
  }

  /** Records a failed update of an existing host copy. */
  updateFailed(input: Omit<SyncEventInput, 'note'>, error: unknown): Promise<void> {
    return this.warn({ ...input, note: `Error syncing: ${apiErrorText(error)}` });
  }

  private async warn(input: SyncEventInput): Promise<void> {
    if (this.stopped) return;
    const meta = input.object.metadata ?? {};
    const name = meta.name ?? '';
    const namespace = meta.namespace ?? 'default';
    const note = sanitizeNote(input.note, { name, namespace }, this.vcluster);
    const controller = `${input.syncer}-syncer`;
    const action = `Sync${input.kind}`;
    const key = [namespace, name, meta.uid ?? '', controller, action, note].join('\u0000');
    const now = Date.now();
    const existing = this.recorded.get(key);
    if (existing && now - existing.lastAt < SERIES_WINDOW_MS) {
      existing.count += 1;
      existing.lastAt = now;
      existing.timer ??= setTimeout(() => void this.flush(key), SERIES_FLUSH_MS);
      return;
    }
    if (existing) clearTimeout(existing.timer);
    const event: EventsV1 = {
      apiVersion: EVENTS_GROUP_VERSION,
      kind: 'Event',
      metadata: { name: `${name}.${(BigInt(now) * 1_000_000n).toString(16)}`, namespace },
      eventTime: microTime(now),
      reportingController: controller,
      reportingInstance: `${controller}-${this.vcluster}`,
      action,
      reason: SYNC_ERROR_REASON,
      note,
      type: 'Warning',
      regarding: {
        apiVersion: input.apiVersion,
        kind: input.kind,
        name,
        namespace,
        ...(meta.uid ? { uid: meta.uid } : {}),
        ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
      },
    };
    this.recorded.set(key, { name: event.metadata!.name!, namespace, count: 1, firstAt: now, lastAt: now, flushedCount: 1 });
    try {
      await this.virtual.create(`/apis/${EVENTS_GROUP_VERSION}/namespaces/${encodeURIComponent(namespace)}/events`, event);
    } catch (error) {
      // Events are best effort, as in client-go: a lost one must not stop the sync.
      this.recorded.delete(key);
      this.log(`event for ${input.kind} ${namespace}/${name} not recorded: ${apiErrorText(error)}`);
    }
  }

  private async flush(key: string): Promise<void> {
    const entry = this.recorded.get(key);
    if (!entry || this.stopped) return;
    entry.timer = undefined;
    if (entry.count === entry.flushedCount) return;
    entry.flushedCount = entry.count;
    try {
      await this.virtual.mergePatch(`/apis/${EVENTS_GROUP_VERSION}/namespaces/${encodeURIComponent(entry.namespace)}/events/${encodeURIComponent(entry.name)}`, {
        series: { count: entry.count, lastObservedTime: microTime(entry.lastAt) },
      });
    } catch (error) {
      this.log(`event series ${entry.namespace}/${entry.name} not updated: ${apiErrorText(error)}`);
    }
  }
}

/** RFC 3339 with microseconds, the MicroTime format the events API requires. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
