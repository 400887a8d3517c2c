import 'server-only';
// A generic informer: list (paged), then watch from the list's resourceVersion, keeping a
// projection of each object in memory so that pages and the API read a cache instead of
// listing per request. The loop survives what a long-lived watch meets in practice: the server
// ending the watch (re-watch from the last resourceVersion), an expired resourceVersion (410,
// as an ERROR event or a refused request: relist), a dead connection (watchdog, back off,
// relist), a custom resource whose CRD is not installed yet ('missing', retried slowly), and
// refusals (401/403: stop, since retrying only repeats the refusal).
import type { KubeClient, WatchEvent } from './client';
import { KubeError, kubeErrorFrom } from './errors';
import {
  InformerStore,
  objectKey,
  type InformerChange,
  type Indexers,
  type NamespaceLimit,
  type ObjectIdentity,
  type StoreOptions,
} from './informer-store';
import type { ResourceType } from './resource-types';

export { objectKey, type InformerChange } from './informer-store';

/** The two calls an informer makes; a KubeClient, or a stub in unit tests. */
export type InformerClient = Pick<KubeClient, 'list' | 'watch'>;

/** An object as it arrives on the wire (timestamps are strings); projections pick from it. */
export interface RawObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export type InformerState =
  /** Listing for the first time (or retrying the first list). */
  | 'syncing'
  /** The cache matches the server as of the last list or watch event. */
  | 'ready'
  /** The last list or watch failed; `fatal` tells whether it is retried. Data may be stale. */
  | 'error'
  /** The server does not serve the type (CRD not installed); retried slowly. */
  | 'missing'
  /** Disposed. */
  | 'stopped';

export interface InformerStatus {
  state: InformerState;
  lastError?: Error;
  /** True when the informer gave up (401/403 or another non-retryable refusal). */
  fatal: boolean;
  /** When the state last changed (ms since epoch). */
  since: number;
}

export interface InformerOptions<T> {
  type: ResourceType;
  /** Keeps only what Cubby shows; gets the object with kind and apiVersion filled. */
  project: (object: RawObject) => T;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Client-side filter for what selectors cannot express (e.g. a name prefix). */
  accept?: (object: RawObject) => boolean;
  indexers?: Indexers<T>;
  perNamespaceLimit?: NamespaceLimit<T>;
  equal?: (a: T, b: T) => boolean;
  /** Objects per list page. */
  pageSize?: number;
  /** Server-side watch timeout; default a random 5 to 10 minutes so informers do not re-watch in step. */
  watchTimeoutSeconds?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** How often a missing type is looked for again. */
  missingRetryMs?: number;
  /** A label for messages; defaults to the type's plural. */
  name?: string;
  log?: (message: string) => void;
  /** Told of every completed list and every applied watch event (metrics). */
  onActivity?: (what: 'list' | 'event') => void;
  signal?: AbortSignal;
}

type Listener<T> = (change: InformerChange<T>) => void;

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_BACKOFF_INITIAL_MS = 500;
const DEFAULT_BACKOFF_MAX_MS = 30_000;
const DEFAULT_MISSING_RETRY_MS = 30_000;
/** Extra time past the server-side timeout before a silent watch counts as a dead connection. */
const WATCHDOG_GRACE_SECONDS = 30;
/** A watch shorter than this that delivered nothing ended too soon to re-watch at once. */
const SHORT_WATCH_MS = 1_000;

type WatchOutcome = 'ended' | 'expired' | 'relist';

export class Informer<T> {
  readonly name: string;
  readonly type: ResourceType;
  private readonly store: InformerStore<T>;
  private readonly listeners = new Set<Listener<T>>();
  private statusValue: InformerStatus = { state: 'syncing', fatal: false, since: Date.now() };
  private hasSyncedValue = false;
  private lastResourceVersion: string | undefined;
  private running: Promise<void> | undefined;
  private looping = false;
  private stopped = false;
  private failures = 0;
  private watchController: AbortController | undefined;
  private relistRequested = false;
  private relistWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private wakeSleep: (() => void) | undefined;
  private syncedPromise: Promise<void>;
  private resolveSynced!: () => void;
  private rejectSynced!: (error: Error) => void;

  constructor(
    private readonly client: InformerClient,
    private readonly options: InformerOptions<T>,
  ) {
    this.type = options.type;
    this.name = options.name ?? options.type.plural;
    const storeOptions: StoreOptions<T> = {};
    if (options.indexers) storeOptions.indexers = options.indexers;
    if (options.perNamespaceLimit) storeOptions.perNamespaceLimit = options.perNamespaceLimit;
    if (options.equal) storeOptions.equal = options.equal;
    this.store = new InformerStore<T>(storeOptions);
    this.syncedPromise = this.newSyncedPromise();
    options.signal?.addEventListener('abort', () => void this.dispose(), { once: true });
  }

  /**
   * Starts the list-and-watch loop; calling it again does nothing while it runs. After the
   * informer gave up (401/403) it starts it again: someone may have fixed the permissions.
   */
  start(): this {
    if (this.looping || this.stopped || this.options.signal?.aborted) return this;
    if (this.running && !this.hasSyncedValue) this.syncedPromise = this.newSyncedPromise();
    this.looping = true;
    this.running = this.run().finally(() => {
      this.looping = false;
    });
    return this;
  }

  private newSyncedPromise(): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    // Nobody may be waiting when the informer fails for good; that must not crash the process.
    promise.catch(() => undefined);
    return promise;
  }

  get state(): InformerState {
    return this.statusValue.state;
  }

  get lastError(): Error | undefined {
    return this.statusValue.lastError;
  }

  get status(): InformerStatus {
    return { ...this.statusValue };
  }

  /** True once the first list completed (or the type turned out to be missing: no objects). */
  get hasSynced(): boolean {
    return this.hasSyncedValue;
  }

  /** The resourceVersion the next watch starts from (opaque). */
  get resourceVersion(): string | undefined {
    return this.lastResourceVersion;
  }

  /** Resolves once synced; rejects if the informer stops for good or is disposed first. */
  synced(): Promise<void> {
    return this.syncedPromise;
  }

  get size(): number {
    return this.store.size;
  }

  list(): T[] {
    return this.store.values();
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(objectKey(this.type.namespaced ? namespace : undefined, name));
  }

  getByKey(key: string): T | undefined {
    return this.store.get(key);
  }

  inNamespace(namespace: string): T[] {
    return this.store.inNamespace(namespace);
  }

  byIndex(index: string, value: string): T[] {
    return this.store.byIndex(index, value);
  }

  filter(predicate: (object: T) => boolean): T[] {
    return this.store.values().filter(predicate);
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Lists again now and resolves when that list is in the cache. The changes since the last list
   * are announced as usual. Also wakes an informer waiting for a missing type or a retry, and
   * restarts one that gave up.
   */
  relist(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error(`informer ${this.name} is disposed`));
    const done = new Promise<void>((resolve, reject) => this.relistWaiters.push({ resolve, reject }));
    this.relistRequested = true;
    this.watchController?.abort();
    this.wakeSleep?.();
    this.start();
    return done;
  }

  /** Stops the watch, closes its connection and resolves when the loop has exited. */
  async dispose(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.watchController?.abort();
      this.wakeSleep?.();
      const error = new Error(`informer ${this.name} is disposed`);
      if (!this.hasSyncedValue) this.rejectSynced(error);
      for (const waiter of this.relistWaiters.splice(0)) waiter.reject(error);
    }
    await this.running;
    this.listeners.clear();
    this.setState('stopped');
  }

  private async run(): Promise<void> {
    let needList = true;
    let expiredInARow = 0;
    while (!this.stopped) {
      try {
        if (needList || this.relistRequested) {
          this.relistRequested = false;
          // Callers of relist() wait for a list that started after their request.
          const waiters = this.relistWaiters.splice(0);
          try {
            await this.listAll();
          } catch (error) {
            this.relistWaiters.unshift(...waiters);
            throw error;
          }
          needList = false;
          for (const waiter of waiters) waiter.resolve();
          if (this.stopped) break;
          if (this.relistRequested) continue;
        }
        const started = Date.now();
        const { outcome, events } = await this.watchOnce();
        if (this.stopped) break;
        if (events > 0 || Date.now() - started >= SHORT_WATCH_MS) {
          this.failures = 0;
          expiredInARow = 0;
        }
        if (outcome === 'expired') {
          needList = true;
          // One 410 is routine; several in a row mean something is off, so slow down.
          if (expiredInARow++ > 0) await this.sleep(this.nextDelay());
        } else if (outcome === 'relist') {
          needList = true;
        } else if (events === 0 && Date.now() - started < SHORT_WATCH_MS) {
          await this.sleep(this.nextDelay());
        }
      } catch (error) {
        if (this.stopped) break;
        const failure = asError(error);
        const status = failure instanceof KubeError ? failure.status : 0;
        needList = true;
        if (status === 410) {
          // An expired continue token while paging, or a watch refused outright as too old.
          if (expiredInARow++ > 0) await this.sleep(this.nextDelay());
          continue;
        }
        if (status === 404) {
          this.becomeMissing(failure);
          await this.sleep(this.options.missingRetryMs ?? DEFAULT_MISSING_RETRY_MS);
          continue;
        }
        if (failure instanceof KubeError && !failure.retryable) {
          this.fail(failure, true);
          break;
        }
        this.fail(failure, false);
        await this.sleep(this.nextDelay());
      }
    }
  }

  private async listAll(): Promise<void> {
    const fresh: Array<{ id: ObjectIdentity; object: T }> = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await this.client.list<RawObject>(this.type, {
        ...this.selectors(),
        limit: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
        continue: continueToken,
      });
      for (const item of page.items ?? []) {
        // List items come without kind and apiVersion; projections and consumers expect them.
        item.kind ??= this.type.kind;
        item.apiVersion ??= this.type.apiVersion;
        const projected = this.projectIfAccepted(item);
        if (projected) fresh.push(projected);
      }
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
      if (this.stopped) return;
    } while (continueToken);

    const changes = this.store.replace(fresh);
    this.options.onActivity?.('list');
    this.lastResourceVersion = resourceVersion;
    this.failures = 0;
    this.setState('ready');
    if (!this.hasSyncedValue) {
      this.hasSyncedValue = true;
      this.resolveSynced();
    }
    this.emit(changes);
  }

  private async watchOnce(): Promise<{ outcome: WatchOutcome; events: number }> {
    const controller = new AbortController();
    this.watchController = controller;
    let events = 0;
    let expired = false;
    let stalled = false;
    let failure: KubeError | undefined;
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    // A half-open connection never ends on its own; the server would have closed it by now.
    const watchdog = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, (timeoutSeconds + WATCHDOG_GRACE_SECONDS) * 1000);
    try {
      await this.client.watch<RawObject>(
        this.type,
        {
          ...this.selectors(),
          resourceVersion: this.lastResourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds,
          signal: controller.signal,
        },
        (event) => {
          if (controller.signal.aborted) return;
          events++;
          const outcome = this.applyEvent(event);
          if (outcome === 'expired') expired = true;
          else if (outcome instanceof KubeError) failure = outcome;
          else return;
          // The server closes the stream after an ERROR event; no need to wait for it.
          controller.abort();
        },
      );
    } catch (error) {
      // Aborting (ours: dispose, relist, an ERROR event, the watchdog) may surface as an error.
      if (!controller.signal.aborted) throw error;
    } finally {
      clearTimeout(watchdog);
      if (this.watchController === controller) this.watchController = undefined;
    }
    if (failure) throw failure;
    if (expired) return { outcome: 'expired', events };
    if (this.relistRequested) return { outcome: 'relist', events };
    if (stalled) throw new KubeError(0, 'WatchStalled', `the ${this.name} watch went silent for ${timeoutSeconds + WATCHDOG_GRACE_SECONDS} s`);
    return { outcome: 'ended', events };
  }

  /** Applies one watch event; returns 'expired' or an error when the stream reported one. */
  private applyEvent(event: WatchEvent<RawObject>): 'expired' | KubeError | undefined {
    const object = event.object;
    if (event.type === 'ERROR') {
      const status = object as { code?: number; reason?: string; message?: string };
      if (status.code === 410) return 'expired';
      return kubeErrorFrom(status.code ?? 500, status, { kind: this.type.kind, namespace: this.options.namespace });
    }
    const resourceVersion = object?.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (resourceVersion) this.lastResourceVersion = resourceVersion;
      return undefined;
    }
    object.kind ??= this.type.kind;
    object.apiVersion ??= this.type.apiVersion;
    this.options.onActivity?.('event');
    const id = identityOf(object, this.type.namespaced);
    if (id) {
      if (event.type === 'DELETED') {
        this.emit(this.store.remove(id.key));
      } else {
        const projected = this.projectIfAccepted(object);
        // An object that stops passing the filter has left the set this informer holds.
        this.emit(projected ? this.store.upsert(projected.id, projected.object) : this.store.remove(id.key));
      }
    }
    if (resourceVersion) this.lastResourceVersion = resourceVersion;
    return undefined;
  }

  private projectIfAccepted(object: RawObject): { id: ObjectIdentity; object: T } | undefined {
    const id = identityOf(object, this.type.namespaced);
    if (!id) return undefined;
    try {
      if (this.options.accept && !this.options.accept(object)) return undefined;
      return { id, object: this.options.project(object) };
    } catch (error) {
      // One malformed object must not stop the informer (or make it relist forever).
      this.options.log?.(`informer ${this.name}: skipped ${id.key}: ${asError(error).message}`);
      return undefined;
    }
  }

  private selectors(): { namespace?: string; labelSelector?: string; fieldSelector?: string } {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return { namespace, labelSelector, fieldSelector };
  }

  private becomeMissing(error: Error): void {
    this.lastResourceVersion = undefined;
    const changes = this.store.clear();
    if (this.state !== 'missing') this.options.log?.(`informer ${this.name}: not served by the API server (${error.message}); looking again later`);
    this.setState('missing', error);
    // Not installed means no objects: callers waiting for the cache can go on with none.
    if (!this.hasSyncedValue) {
      this.hasSyncedValue = true;
      this.resolveSynced();
    }
    this.emit(changes);
    for (const waiter of this.relistWaiters.splice(0)) waiter.resolve();
  }

  private fail(error: Error, fatal: boolean): void {
    this.options.log?.(`informer ${this.name}: ${fatal ? 'stopped' : 'will retry'}: ${error.message}`);
    this.setState('error', error, fatal);
    if (fatal) {
      if (!this.hasSyncedValue) this.rejectSynced(error);
      for (const waiter of this.relistWaiters.splice(0)) waiter.reject(error);
    }
  }

  private setState(state: InformerState, lastError?: Error, fatal = false): void {
    const error = lastError ?? (state === 'stopped' ? this.statusValue.lastError : undefined);
    const next: InformerStatus = { state, fatal, since: Date.now() };
    if (error) next.lastError = error;
    if (this.statusValue.state === state && this.statusValue.lastError === error && this.statusValue.fatal === fatal) return;
    this.statusValue = next;
  }

  private nextDelay(): number {
    const initial = this.options.backoff?.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS;
    const max = this.options.backoff?.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
    const base = Math.min(max, initial * 2 ** Math.min(this.failures, 16));
    this.failures++;
    // Jitter keeps many replicas from hammering a recovering API server in step.
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || this.relistRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        if (this.wakeSleep === wake) this.wakeSleep = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleep = wake;
    });
  }

  private emit(changes: InformerChange<T>[]): void {
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          // A broken subscriber must not break the cache every other reader relies on.
          this.options.log?.(`informer ${this.name}: a subscriber failed: ${asError(error).message}`);
        }
      }
    }
  }
}

/** Creates and starts an informer. */
export function createInformer<T>(client: InformerClient, options: InformerOptions<T>): Informer<T> {
  return new Informer(client, options).start();
}

function identityOf(object: RawObject | undefined, namespaced: boolean): ObjectIdentity | undefined {
  const meta = object?.metadata;
  if (!meta?.name) return undefined;
  const namespace = namespaced ? meta.namespace : undefined;
  const id: ObjectIdentity = { key: objectKey(namespace, meta.name), name: meta.name };
  if (namespace) id.namespace = namespace;
  if (meta.uid) id.uid = meta.uid;
  if (meta.resourceVersion) id.resourceVersion = meta.resourceVersion;
  return id;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
