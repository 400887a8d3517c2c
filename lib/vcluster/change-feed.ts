import 'server-only';
// Coarse, de-duplicated change notifications for the Server-Sent Events stream. A burst on the
// host (a rollout touches the StatefulSet, its pod and a dozen events within a second) becomes
// one notification per vCluster listing the parts of its page that went stale, so each browser
// refetches those once. Notifications carry only names: the SSE route filters them by what the
// caller may see, and the browser fetches the data through the normal, authorised API.
import { getHostCache } from './host-cache';
import { viewIndexOf } from '@/lib/api/vcluster-view-index';
import type { HostCacheChange } from './host-cache-projections';
import { CHANGE_KINDS, changeTargets, type ChangeKind, type TargetContext } from './change-feed-targets';
import { log } from '@/lib/observability/logger';

export type { ChangeKind } from './change-feed-targets';

export type ChangeNotification =
  | { scope: 'vcluster'; namespace: string; name: string; kinds: ChangeKind[] }
  | { scope: 'tenants' }
  | { scope: 'templates' };

/** Where the feed gets changes from; the host cache, or a stand-in in tests. */
export interface ChangeSource extends TargetContext {
  onChange(listener: (change: HostCacheChange) => void): () => void;
}

export interface ChangeFeedOptions {
  /** How long changes are gathered before they go out; bounds the added latency. */
  coalesceMs?: number;
  /**
   * Kinds to add to a vCluster's notification as it goes out, e.g. 'row' when its list row now
   * reads differently: only then do lists refetch anything (the view index answers this).
   */
  refine?: (namespace: string, name: string) => ChangeKind | undefined;
  log?: (message: string) => void;
}

export const DEFAULT_COALESCE_MS = 150;

type Listener = (notification: ChangeNotification) => void;

export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<string, { notification: ChangeNotification; kinds: Set<ChangeKind> }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private detach: (() => void) | undefined;
  private readonly coalesceMs: number;

  constructor(
    private readonly source: ChangeSource,
    private readonly options: ChangeFeedOptions = {},
  ) {
    this.coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Listens for notifications; the feed watches the source only while someone listens. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.detach ??= this.source.onChange((change) => this.record(change));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Sends what is pending now instead of at the end of the window. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { notification, kinds } of batch) {
      if (notification.scope === 'vcluster' && this.options.refine) {
        const extra = this.options.refine(notification.namespace, notification.name);
        if (extra) kinds.add(extra);
      }
      const out: ChangeNotification =
        notification.scope === 'vcluster' ? { ...notification, kinds: CHANGE_KINDS.filter((k) => kinds.has(k)) } : notification;
      for (const listener of this.listeners) {
        try {
          listener(out);
        } catch (error) {
          // One broken stream (a closed response) must not starve the others.
          this.options.log?.(`change feed: a subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
  }

  private stop(): void {
    this.detach?.();
    this.detach = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private record(change: HostCacheChange): void {
    for (const target of changeTargets(change, this.source)) {
      const key = target.scope === 'vcluster' ? `vcluster/${target.namespace}/${target.name}` : target.scope;
      let entry = this.pending.get(key);
      if (!entry) {
        const notification: ChangeNotification =
          target.scope === 'vcluster' ? { scope: 'vcluster', namespace: target.namespace, name: target.name, kinds: [] } : { scope: target.scope };
        entry = { notification, kinds: new Set() };
        this.pending.set(key, entry);
      }
      if (target.scope === 'vcluster') for (const kind of target.kinds) entry.kinds.add(kind);
    }
    // A fixed window from the first change, not a debounce: a steady stream still goes out.
    if (this.pending.size > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), this.coalesceMs);
  }
}

export function createChangeFeed(source: ChangeSource, options?: ChangeFeedOptions): ChangeFeed {
  return new ChangeFeed(source, options);
}

const globalKey = Symbol.for('cubby.changeFeed');
type GlobalWithFeed = typeof globalThis & { [globalKey]?: { feed: ChangeFeed; source: ChangeSource } };

/** The process-wide feed over the process-wide host cache. */
export function getChangeFeed(): ChangeFeed {
  const g = globalThis as GlobalWithFeed;
  const cache = getHostCache();
  const current = g[globalKey];
  // A disposed and recreated host cache needs a feed over the new one.
  if (current && current.source === cache) return current.feed;
  current?.feed.dispose();
  const index = viewIndexOf(cache);
  const feed = createChangeFeed(cache, {
    log: (message) => log.warn({ component: 'change-feed' }, message),
    refine: (namespace) => index.takeRowChange(namespace),
  });
  g[globalKey] = { feed, source: cache };
  return feed;
}
