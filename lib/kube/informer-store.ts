// The in-memory side of an informer: projected objects keyed by namespace/name, secondary
// indexes, an optional per-namespace cap, and the change records that subscribers receive.
// Synchronous and free of I/O so the rules (when an update is a no-op, when a same-named object
// is a different object) can be tested without a cluster.

export interface ObjectIdentity {
  /** `namespace/name`, or `name` for cluster-scoped objects. */
  key: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

export interface InformerChange<T> {
  type: 'added' | 'updated' | 'deleted';
  key: string;
  object: T;
  /** The object before an update. */
  previous?: T;
}

/** Index functions map an object to the index values it is found under. */
export type Indexers<T> = Record<string, (object: T) => string | readonly string[] | undefined>;

export interface NamespaceLimit<T> {
  /** Objects kept per namespace; beyond it the least recent are dropped without a change record. */
  max: number;
  /** Larger is more recent (for Events: when they last happened, in ms). */
  recency: (object: T) => number;
}

export interface StoreOptions<T> {
  indexers?: Indexers<T>;
  perNamespaceLimit?: NamespaceLimit<T>;
  /** Decides whether an update changed anything a subscriber cares about; default structural. */
  equal?: (a: T, b: T) => boolean;
}

interface Entry<T> {
  id: ObjectIdentity;
  object: T;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class InformerStore<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly namespaces = new Map<string, Set<string>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly equal: (a: T, b: T) => boolean;

  constructor(private readonly options: StoreOptions<T> = {}) {
    this.equal = options.equal ?? deepEqual;
    for (const name of Object.keys(options.indexers ?? {})) this.indexes.set(name, new Map());
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    return this.entries.get(key)?.object;
  }

  identity(key: string): ObjectIdentity | undefined {
    return this.entries.get(key)?.id;
  }

  values(): T[] {
    return [...this.entries.values()].map((e) => e.object);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  inNamespace(namespace: string): T[] {
    return this.objectsOf(this.namespaces.get(namespace));
  }

  byIndex(index: string, value: string): T[] {
    const values = this.indexes.get(index);
    if (!values) throw new Error(`no index named ${index}`);
    return this.objectsOf(values.get(value));
  }

  /**
   * Adds or replaces one object as a watch event reports it. Returns the changes to announce:
   * none when the resourceVersion is the one already held (a replayed event) or the projection
   * did not change, a delete and an add when the name now belongs to a different object (uid).
   */
  upsert(id: ObjectIdentity, object: T): InformerChange<T>[] {
    const existing = this.entries.get(id.key);
    if (existing) {
      // resourceVersion is opaque: equality is the only comparison the API allows.
      if (id.resourceVersion !== undefined && existing.id.resourceVersion === id.resourceVersion) return [];
      if (existing.id.uid && id.uid && existing.id.uid !== id.uid) {
        return [...this.remove(id.key), ...this.insert({ id, object })];
      }
      this.unindex(existing);
      const entry = { id, object };
      this.entries.set(id.key, entry);
      this.index(entry);
      if (this.equal(existing.object, object)) return [];
      return [{ type: 'updated', key: id.key, object, previous: existing.object }];
    }
    return this.insert({ id, object });
  }

  remove(key: string): InformerChange<T>[] {
    const existing = this.entries.get(key);
    if (!existing) return [];
    this.entries.delete(key);
    this.unindex(existing);
    return [{ type: 'deleted', key, object: existing.object }];
  }

  /** Removes everything (the resource type went away). */
  clear(): InformerChange<T>[] {
    return this.keys().flatMap((key) => this.remove(key));
  }

  /**
   * Replaces the contents with a fresh list and returns the difference, so a relist after a
   * missed stretch of events announces exactly what changed meanwhile.
   */
  replace(fresh: ReadonlyArray<{ id: ObjectIdentity; object: T }>): InformerChange<T>[] {
    const kept = this.capFresh(fresh);
    const seen = new Set(kept.map((item) => item.id.key));
    const changes: InformerChange<T>[] = [];
    // Removals first, so a capped namespace never holds old and new objects at once.
    for (const key of this.keys()) if (!seen.has(key)) changes.push(...this.remove(key));
    for (const item of kept) changes.push(...this.upsert(item.id, item.object));
    return changes;
  }

  private insert(entry: Entry<T>): InformerChange<T>[] {
    this.entries.set(entry.id.key, entry);
    this.index(entry);
    const evicted = this.enforceLimit(entry.id.namespace);
    // An object older than everything a full namespace keeps is not worth announcing.
    if (evicted.has(entry.id.key)) return [];
    return [{ type: 'added', key: entry.id.key, object: entry.object }];
  }

  private enforceLimit(namespace: string | undefined): Set<string> {
    const limit = this.options.perNamespaceLimit;
    const evicted = new Set<string>();
    if (!limit || namespace === undefined) return evicted;
    const keys = this.namespaces.get(namespace);
    while (keys && keys.size > limit.max) {
      let oldestKey: string | undefined;
      let oldest = Infinity;
      for (const key of keys) {
        const at = limit.recency(this.entries.get(key)!.object);
        if (oldestKey === undefined || at < oldest) {
          oldest = at;
          oldestKey = key;
        }
      }
      const entry = this.entries.get(oldestKey!)!;
      this.entries.delete(oldestKey!);
      this.unindex(entry);
      evicted.add(oldestKey!);
    }
    return evicted;
  }

  private capFresh(fresh: ReadonlyArray<{ id: ObjectIdentity; object: T }>): ReadonlyArray<{ id: ObjectIdentity; object: T }> {
    const limit = this.options.perNamespaceLimit;
    if (!limit) return fresh;
    const byNamespace = new Map<string, Array<{ id: ObjectIdentity; object: T }>>();
    const kept: Array<{ id: ObjectIdentity; object: T }> = [];
    for (const item of fresh) {
      if (item.id.namespace === undefined) {
        kept.push(item);
        continue;
      }
      let group = byNamespace.get(item.id.namespace);
      if (!group) byNamespace.set(item.id.namespace, (group = []));
      group.push(item);
    }
    for (const group of byNamespace.values()) {
      if (group.length > limit.max) {
        group.sort((a, b) => limit.recency(b.object) - limit.recency(a.object));
        group.length = limit.max;
      }
      kept.push(...group);
    }
    return kept;
  }

  private objectsOf(keys: Set<string> | undefined): T[] {
    if (!keys) return [];
    const out: T[] = [];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) out.push(entry.object);
    }
    return out;
  }

  private index(entry: Entry<T>): void {
    if (entry.id.namespace !== undefined) addTo(this.namespaces, entry.id.namespace, entry.id.key);
    for (const [name, fn] of Object.entries(this.options.indexers ?? {})) {
      const values = this.indexes.get(name)!;
      for (const value of indexValues(fn(entry.object))) addTo(values, value, entry.id.key);
    }
  }

  private unindex(entry: Entry<T>): void {
    if (entry.id.namespace !== undefined) removeFrom(this.namespaces, entry.id.namespace, entry.id.key);
    for (const [name, fn] of Object.entries(this.options.indexers ?? {})) {
      const values = this.indexes.get(name)!;
      for (const value of indexValues(fn(entry.object))) removeFrom(values, value, entry.id.key);
    }
  }
}

function indexValues(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function addTo(map: Map<string, Set<string>>, value: string, key: string): void {
  let keys = map.get(value);
  if (!keys) map.set(value, (keys = new Set()));
  keys.add(key);
}

function removeFrom(map: Map<string, Set<string>>, value: string, key: string): void {
  const keys = map.get(value);
  if (!keys) return;
  keys.delete(key);
  // Empty sets would pile up for every namespace ever seen.
  if (keys.size === 0) map.delete(value);
}

/** Structural equality of JSON-like values (projections hold nothing else). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
