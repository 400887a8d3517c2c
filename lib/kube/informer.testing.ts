// For unit tests: an in-memory stand-in for the two KubeClient calls an informer makes, with
// paging, opaque resourceVersions, and watches the test drives (events, normal end, failures).
import { KubeError } from './errors';
import type { ListOptions, ObjectList, WatchEvent, WatchOptions } from './client';
import type { InformerClient, RawObject } from './informer';
import type { ResourceType } from './resource-types';

export interface FakeWatch {
  type: ResourceType;
  options: WatchOptions;
  send(event: WatchEvent<RawObject>): void;
  /** The server ends the watch normally. */
  end(): void;
  /** The connection fails. */
  fail(error: Error): void;
  readonly closed: boolean;
}

type Failure = Error | ((options: ListOptions) => Error | undefined);

export class FakeKubeClient implements InformerClient {
  /** Objects by `kind/namespace/name`. */
  readonly objects = new Map<string, RawObject>();
  readonly listCalls: Array<{ type: ResourceType; options: ListOptions }> = [];
  readonly watchCalls: FakeWatch[] = [];
  private counter = 0;
  private readonly listFailures: Failure[] = [];
  private readonly watchFailures: Error[] = [];
  /** Kinds the fake server does not serve (a CRD not installed): list and watch answer 404. */
  readonly missingKinds = new Set<string>();
  /** What later watches do right away; default: stay open until the test acts. */
  onWatch: ((watch: FakeWatch) => void) | undefined;

  /** resourceVersions are opaque strings here on purpose: nothing may order them. */
  nextResourceVersion(): string {
    this.counter++;
    return `rv-${(1000 - this.counter).toString(36)}-${this.counter}`;
  }

  get currentResourceVersion(): string {
    return `rv-now-${this.counter}`;
  }

  put(object: RawObject): RawObject {
    const stored: RawObject = { ...object, metadata: { ...object.metadata, resourceVersion: this.nextResourceVersion() } };
    this.objects.set(this.keyOf(stored), stored);
    return stored;
  }

  remove(kind: string, namespace: string | undefined, name: string): RawObject | undefined {
    const key = `${kind}/${namespace ?? ''}/${name}`;
    const object = this.objects.get(key);
    this.objects.delete(key);
    return object;
  }

  failNextList(error: Failure): void {
    this.listFailures.push(error);
  }

  failNextWatch(error: Error): void {
    this.watchFailures.push(error);
  }

  get activeWatches(): FakeWatch[] {
    return this.watchCalls.filter((w) => !w.closed);
  }

  get lastWatch(): FakeWatch | undefined {
    return this.watchCalls[this.watchCalls.length - 1];
  }

  list<T>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    this.listCalls.push({ type, options });
    if (this.missingKinds.has(type.kind)) return Promise.reject(notServed(type));
    const failure = this.listFailures.shift();
    const error = typeof failure === 'function' ? failure(options) : failure;
    if (error) return Promise.reject(error);
    const all = [...this.objects.values()]
      .filter((o) => this.matches(o, type, options))
      .sort((a, b) => this.keyOf(a).localeCompare(this.keyOf(b)));
    const start = options.continue ? Number(options.continue.split(':')[1]) : 0;
    const end = options.limit ? start + options.limit : all.length;
    // Real list items carry neither kind nor apiVersion.
    const items = all.slice(start, end).map(({ kind: _kind, apiVersion: _apiVersion, ...rest }) => structuredClone(rest));
    const metadata: ObjectList<T>['metadata'] = { resourceVersion: this.currentResourceVersion };
    if (end < all.length) metadata.continue = `page:${end}`;
    return Promise.resolve({ items: items as T[], metadata });
  }

  watch<T>(type: ResourceType, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): Promise<void> {
    const failure = this.missingKinds.has(type.kind) ? notServed(type) : this.watchFailures.shift();
    return new Promise<void>((resolve, reject) => {
      let closed = false;
      const close = () => {
        closed = true;
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (closed) return;
        close();
        resolve();
      };
      const watch: FakeWatch = {
        type,
        options,
        send: (event) => {
          if (!closed) onEvent(structuredClone(event) as WatchEvent<T>);
        },
        end: () => {
          if (closed) return;
          close();
          resolve();
        },
        fail: (error) => {
          if (closed) return;
          close();
          reject(error);
        },
        get closed() {
          return closed;
        },
      };
      this.watchCalls.push(watch);
      if (failure) {
        watch.fail(failure);
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      this.onWatch?.(watch);
    });
  }

  /**
   * Sends an event to every open watch whose type, namespace and label selector match the object
   * (or, for DELETED and MODIFIED, matched it before: a label change leaves a selector's set).
   */
  broadcast(type: WatchEvent<RawObject>['type'], object: RawObject, before?: RawObject): void {
    for (const watch of this.activeWatches) {
      if (this.matches(object, watch.type, watch.options) || (before && this.matches(before, watch.type, watch.options))) {
        watch.send({ type, object });
      }
    }
  }

  /** put() and broadcast ADDED or MODIFIED. */
  apply(object: RawObject): RawObject {
    const key = this.keyOf(object);
    const before = this.objects.get(key);
    const stored = this.put(object);
    this.broadcast(before ? 'MODIFIED' : 'ADDED', stored, before);
    return stored;
  }

  /** remove() and broadcast DELETED. */
  delete(kind: string, namespace: string | undefined, name: string): void {
    const removed = this.remove(kind, namespace, name);
    if (removed) this.broadcast('DELETED', { ...removed, metadata: { ...removed.metadata, resourceVersion: this.nextResourceVersion() } });
  }

  private matches(object: RawObject, type: ResourceType, options: ListOptions): boolean {
    if (object.kind !== type.kind) return false;
    if (options.namespace && object.metadata?.namespace !== options.namespace) return false;
    return matchesSelector(object.metadata?.labels ?? {}, options.labelSelector);
  }

  private keyOf(object: RawObject): string {
    return `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
  }
}

function notServed(type: ResourceType): KubeError {
  return new KubeError(404, 'NotFound', `the server could not find the requested resource (${type.plural})`, { kind: type.kind });
}

/** Equality (`a=b`) and existence (`a`) terms, comma-separated: what Cubby's informers use. */
function matchesSelector(labels: Record<string, string>, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return value === undefined ? labels[key!.trim()] !== undefined : labels[key!.trim()] === value.trim();
  });
}

/** Polls until `check` holds (fake timers are not used: the informer's loop is real async code). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
