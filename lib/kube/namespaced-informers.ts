import 'server-only';
// One informer per namespace, read as one: for a kind Cubby may read only in some namespaces
// (Secrets, in the namespaces of the vClusters it manages, through a RoleBinding in each). RBAC
// cannot grant "Secrets labelled app=vcluster everywhere", so a cluster-wide watch would need
// every Secret of the cluster; this watches exactly the namespaces it is told about. A member
// refused with 401/403 (Cubby's RoleBinding in a namespace it has just created is not in the
// authorizer yet, or an operator removed it) is started again with a growing delay; until it has
// listed, `covers` is false for its namespace and readers treat what it would hold as unknown.
// At most `startConcurrency` members list for the first time at once: with 2,000 namespaces,
// starting them all together opens 2,000 TLS connections and lists in the same instant, which
// takes longer in all than a queue (measured in bench/namespaced-secrets.ts).
import { Informer, objectKey, type InformerClient, type InformerOptions, type InformerStatus, type InformerChange } from './informer';
import type { ResourceType } from './resource-types';

type Listener<T> = (change: InformerChange<T>) => void;

export interface NamespacedInformersOptions<T> extends Omit<InformerOptions<T>, 'namespace' | 'signal'> {
  /** First delay before a refused member is started again; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Members listing for the first time at once; the others wait their turn. */
  startConcurrency?: number;
}

const DEFAULT_START_CONCURRENCY = 16;

interface Member<T> {
  namespace: string;
  informer: Informer<T>;
  retryMs: number;
  retryTimer?: NodeJS.Timeout;
  started: boolean;
}

export class NamespacedInformers<T> {
  readonly name: string;
  readonly type: ResourceType;
  private readonly members = new Map<string, Member<T>>();
  private readonly listeners = new Set<Listener<T>>();
  /** Members not started yet, in the order they were asked for. */
  private readonly queue: Member<T>[] = [];
  private starting = 0;
  private seeded = false;
  private stopped = false;
  private readonly seededPromise: Promise<void>;
  private resolveSeeded!: () => void;

  constructor(
    private readonly client: InformerClient,
    private readonly options: NamespacedInformersOptions<T>,
  ) {
    this.type = options.type;
    this.name = options.name ?? options.type.plural;
    this.seededPromise = new Promise((resolve) => (this.resolveSeeded = resolve));
  }

  /** Says the namespace list is complete for now: `synced()` waits for nothing before this. */
  markSeeded(): void {
    this.seeded = true;
    this.resolveSeeded();
  }

  /** Starts watching the namespace (no-op when already watched), at once or when its turn comes. */
  watch(namespace: string): void {
    if (this.stopped || this.members.has(namespace)) return;
    const informer = new Informer<T>(this.client, { ...this.options, namespace, name: `${this.name}/${namespace}` });
    const member: Member<T> = { namespace, informer, retryMs: this.options.retryMs ?? 1_000, started: false };
    informer.subscribe((change) => {
      member.retryMs = this.options.retryMs ?? 1_000;
      this.emit(change);
    });
    this.members.set(namespace, member);
    this.queue.push(member);
    this.startQueued();
  }

  /** Starts queued members while fewer than `startConcurrency` are on their first list. */
  private startQueued(): void {
    const limit = Math.max(1, this.options.startConcurrency ?? DEFAULT_START_CONCURRENCY);
    while (!this.stopped && this.starting < limit && this.queue.length > 0) {
      const member = this.queue.shift()!;
      if (this.members.get(member.namespace) !== member) continue;
      this.starting++;
      member.started = true;
      member.informer.start();
      // A slot is free once the first list is in, or the informer gave up or was disposed.
      member.informer.synced().then(
        () => this.release(),
        () => {
          this.release();
          this.retryLater(member.namespace, member);
        },
      );
    }
  }

  private release(): void {
    this.starting--;
    this.startQueued();
  }

  /** Stops watching the namespace; what it held is announced as deleted. */
  forget(namespace: string): void {
    const member = this.members.get(namespace);
    if (!member) return;
    this.members.delete(namespace);
    if (!member.started) this.queue.splice(this.queue.indexOf(member), 1);
    clearTimeout(member.retryTimer);
    const gone = member.informer.list();
    void member.informer.dispose();
    for (const object of gone) this.emit({ type: 'deleted', key: keyOf(object), object });
  }

  private retryLater(namespace: string, member: Member<T>): void {
    if (this.stopped || this.members.get(namespace) !== member || !member.informer.status.fatal) return;
    member.retryTimer = setTimeout(() => {
      if (this.members.get(namespace) !== member) return;
      member.informer.start();
      member.informer.synced().catch(() => this.retryLater(namespace, member));
    }, member.retryMs);
    member.retryTimer.unref?.();
    member.retryMs = Math.min(member.retryMs * 2, this.options.maxRetryMs ?? 60_000);
  }

  /** Whether the namespace is watched and its informer has listed: absence there means absence. */
  covers(namespace: string): boolean {
    return this.members.get(namespace)?.informer.hasSynced === true;
  }

  get namespaces(): string[] {
    return [...this.members.keys()];
  }

  /**
   * Resolves once seeded and every member has listed or been refused (a refused namespace must
   * not keep the whole cache from being ready; `covers` tells it apart).
   */
  async synced(): Promise<void> {
    await this.seededPromise;
    for (;;) {
      const pending = [...this.members.values()].filter((m) => !m.informer.hasSynced && !m.informer.status.fatal);
      if (pending.length === 0) return;
      await Promise.all(pending.map((m) => m.informer.synced().catch(() => undefined)));
    }
  }

  get hasSynced(): boolean {
    return this.seeded && [...this.members.values()].every((m) => m.informer.hasSynced || m.informer.status.fatal);
  }

  /**
   * The worst member's status (an error anywhere shows), or ready. Never fatal: a refused member
   * is retried, and one namespace Cubby may not read must not take the whole server out of
   * rotation (readiness counts a non-fatal error as serving).
   */
  get status(): InformerStatus {
    if (this.stopped) return { state: 'stopped', fatal: false, since: Date.now() };
    const statuses = [...this.members.values()].map((m) => m.informer.status);
    const failed = statuses.find((s) => s.state === 'error');
    if (failed) return { ...failed, fatal: false };
    const syncing = !this.seeded || statuses.some((s) => s.state === 'syncing');
    const since = Math.max(0, ...statuses.map((s) => s.since));
    return { state: syncing ? 'syncing' : 'ready', fatal: false, since };
  }

  get size(): number {
    let size = 0;
    for (const m of this.members.values()) size += m.informer.size;
    return size;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return namespace === undefined ? undefined : this.members.get(namespace)?.informer.get(namespace, name);
  }

  inNamespace(namespace: string): T[] {
    return this.members.get(namespace)?.informer.list() ?? [];
  }

  list(): T[] {
    return [...this.members.values()].flatMap((m) => m.informer.list());
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Lists every started member again (a queued one lists when its turn comes anyway). */
  async relist(): Promise<void> {
    await Promise.all([...this.members.values()].filter((m) => m.started).map((m) => m.informer.relist().catch(() => undefined)));
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    this.resolveSeeded();
    const members = [...this.members.values()];
    this.members.clear();
    this.queue.length = 0;
    for (const m of members) clearTimeout(m.retryTimer);
    await Promise.all(members.map((m) => m.informer.dispose()));
    this.listeners.clear();
  }

  private emit(change: InformerChange<T>): void {
    for (const listener of this.listeners) listener(change);
  }
}

function keyOf(object: unknown): string {
  const meta = (object as { metadata?: { namespace?: string; name?: string } }).metadata;
  return objectKey(meta?.namespace, meta?.name ?? '');
}
