// A list+watch cache of one resource: list, watch from the list's resourceVersion, relist when
// the server says the version is gone (410) or the stream fails, and replay the cache every
// `resyncMs` so reconcilers heal anything a lost event left behind. resourceVersion is only
// ever passed back to the server, never compared.
import { errorCode, type KubeClient, type KubeObject, type WatchEvent } from './kube-client';

export type InformerEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'RESYNC';
export type InformerListener<T> = (type: InformerEventType, object: T, previous?: T) => void;

export interface InformerOptions {
  /** For log lines. */
  name: string;
  labelSelector?: string;
  fieldSelector?: string;
  resyncMs?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export function objectKey(object: KubeObject): string {
  const meta = object.metadata ?? {};
  return meta.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta.name ?? '');
}

export class Informer<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly listeners: InformerListener<T>[] = [];
  private readonly abort = new AbortController();
  private resourceVersion = '';
  private started = false;
  private synced = false;
  private syncedWaiters: (() => void)[] = [];
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly path: string,
    private readonly options: InformerOptions,
  ) {}

  on(listener: InformerListener<T>): void {
    this.listeners.push(listener);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** Starts the loop; resolves once the first list is in the cache. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      void this.run();
      if (this.options.resyncMs) {
        this.resyncTimer = setInterval(() => this.resync(), this.options.resyncMs);
        this.resyncTimer.unref();
      }
    }
    return this.waitForSync();
  }

  waitForSync(): Promise<void> {
    if (this.synced || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.syncedWaiters.push(resolve));
  }

  stop(): void {
    this.abort.abort();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    for (const waiter of this.syncedWaiters.splice(0)) waiter();
  }

  private emit(type: InformerEventType, object: T, previous?: T): void {
    for (const listener of this.listeners) {
      try {
        listener(type, object, previous);
      } catch (error) {
        this.options.log?.(`informer ${this.options.name}: listener failed: ${String(error)}`);
      }
    }
  }

  private resync(): void {
    if (!this.synced) return;
    for (const item of this.items.values()) this.emit('RESYNC', item);
  }

  private selectors(): Record<string, string | undefined> {
    return { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector };
  }

  private async relist(): Promise<void> {
    const list = await this.client.list<T>(this.path, this.selectors());
    const fresh = new Map<string, T>();
    for (const item of list.items) fresh.set(objectKey(item), item);
    for (const [key, old] of this.items) {
      if (!fresh.has(key)) {
        this.items.delete(key);
        this.emit('DELETED', old);
      }
    }
    for (const [key, item] of fresh) {
      const old = this.items.get(key);
      this.items.set(key, item);
      if (!old) this.emit('ADDED', item);
      else if (old.metadata?.resourceVersion !== item.metadata?.resourceVersion) this.emit('MODIFIED', item, old);
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const waiter of this.syncedWaiters.splice(0)) waiter();
    }
  }

  private onWatchEvent(event: WatchEvent<T>): void {
    const object = event.object;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const key = objectKey(object);
        const old = this.items.get(key);
        this.items.set(key, object);
        this.emit(old ? 'MODIFIED' : 'ADDED', object, old);
        break;
      }
      case 'DELETED': {
        const key = objectKey(object);
        this.items.delete(key);
        this.emit('DELETED', object);
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR': {
        // 410 Gone: our version was compacted away; the server ends the stream and we relist.
        const status = object as unknown as { code?: number; message?: string };
        if (status.code !== 410) this.options.log?.(`informer ${this.options.name}: watch error ${status.code}: ${status.message ?? ''}`);
        this.resourceVersion = '';
        return;
      }
    }
    const version = object.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.relist();
        // Servers end watches after timeoutSeconds; a random one spreads the reconnects.
        const timeoutSeconds = 240 + Math.floor(Math.random() * 120);
        await this.client.watch<T>(
          this.path,
          { ...this.selectors(), resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (event) => this.onWatchEvent(event),
          signal,
        );
        failures = 0;
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        if (errorCode(error) !== 410 && failures > 1) {
          this.options.log?.(`informer ${this.options.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
        this.resourceVersion = '';
        await sleep(Math.min(200 * 2 ** Math.min(failures, 6), 10_000), signal);
      }
    }
  }
}
