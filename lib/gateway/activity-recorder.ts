import 'server-only';
// Writes lib/vcluster/activity.ts's record: the last request through the gateway (at most once
// per ACTIVITY_RESOLUTION_MS per vCluster from this server) and this server's open streams
// (refreshed on the same beat while any are open, so an idle-but-watching kubectl keeps its
// vCluster awake). A failed write is logged and tried again on the next beat; it never fails a
// request.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { errorFields, log } from '@/lib/observability/logger';
import { ACTIVITY_RESOLUTION_MS, ANNOTATION_LAST_ACTIVITY_AT, ANNOTATION_LAST_ACTIVITY_BY, STREAMS_ANNOTATION_PREFIX } from '@/lib/vcluster/activity';

/** This server's key among the stream annotations: its pod name, hashed to fit a key's 63 characters. */
export function serverKey(name: string = `${hostname()}-${process.pid}`): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 16);
}

interface Tracked {
  user: string;
  lastWritten: number;
  streams: number;
  /** The stream count as last written, to remove the annotation once it is 0. */
  writtenStreams: number;
}

export class ActivityRecorder {
  private readonly tracked = new Map<string, Tracked>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly streamsKey: string;

  constructor(
    private readonly host: () => KubeClient,
    private readonly options: { resolutionMs?: number; now?: () => number; server?: string } = {},
  ) {
    this.streamsKey = `${STREAMS_ANNOTATION_PREFIX}${options.server ?? serverKey()}`;
  }

  private get resolution(): number {
    return this.options.resolutionMs ?? ACTIVITY_RESOLUTION_MS;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** A request for `user` reached the vCluster in `namespace`. */
  touch(namespace: string, user: string): void {
    const entry = this.entry(namespace, user);
    entry.user = user;
    if (this.now() - entry.lastWritten >= this.resolution) void this.write(namespace, entry);
  }

  /** A stream opened; call the returned function when it ends. */
  streamOpened(namespace: string, user: string): () => void {
    const entry = this.entry(namespace, user);
    entry.user = user;
    entry.streams += 1;
    this.ensureTimer();
    if (this.now() - entry.lastWritten >= this.resolution) void this.write(namespace, entry);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      entry.streams -= 1;
      if (entry.streams === 0) void this.write(namespace, entry);
    };
  }

  /** Open streams per namespace on this server. */
  streams(namespace: string): number {
    return this.tracked.get(namespace)?.streams ?? 0;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private entry(namespace: string, user: string): Tracked {
    let entry = this.tracked.get(namespace);
    if (!entry) {
      entry = { user, lastWritten: 0, streams: 0, writtenStreams: 0 };
      this.tracked.set(namespace, entry);
    }
    return entry;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.beat(), this.resolution);
    this.timer.unref();
  }

  private beat(): void {
    let open = false;
    for (const [namespace, entry] of this.tracked) {
      if (entry.streams > 0) {
        open = true;
        void this.write(namespace, entry);
      } else if (this.now() - entry.lastWritten > 10 * this.resolution) {
        this.tracked.delete(namespace);
      }
    }
    if (!open) this.dispose();
  }

  private async write(namespace: string, entry: Tracked): Promise<void> {
    const at = this.now();
    entry.lastWritten = at;
    const iso = new Date(at).toISOString();
    const annotations: Record<string, string | null> = { [ANNOTATION_LAST_ACTIVITY_AT]: iso, [ANNOTATION_LAST_ACTIVITY_BY]: entry.user };
    if (entry.streams > 0) annotations[this.streamsKey] = `${entry.streams}@${iso}`;
    else if (entry.writtenStreams > 0) annotations[this.streamsKey] = null;
    const streams = entry.streams;
    try {
      await this.host().patch(ResourceTypes.Namespace, namespace, undefined, { metadata: { annotations } });
      entry.writtenStreams = streams;
    } catch (error) {
      entry.lastWritten = 0;
      log.warn({ component: 'gateway', namespace, ...errorFields(error) }, 'could not record vCluster activity');
    }
  }
}
