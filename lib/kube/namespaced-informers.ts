import 'server-only';
// One informer per namespace, read as one: for a kind Cubby may read only in some namespaces
// (Secrets, in the namespaces of the vClusters it manages, through a RoleBinding in each). RBAC
// cannot grant "Secrets labelled app=vcluster everywhere", so a cluster-wide watch would need
// every Secret of the cluster; this watches exactly the namespaces it is told about. A member
// refused with 401/403 (Cubby's RoleBinding in a namespace it has just created is not in the
// authorizer yet, or an operator removed it) is started again with a growing delay; until it has
// listed, `covers` is false for its namespace and readers treat what it would hold as unknown.
import { createInformer, objectKey, type Informer, type InformerClient, type InformerOptions, type InformerStatus, type InformerChange } from './informer';
import type { ResourceType } from './resource-types';

type Listener<T> = (change: InformerChange<T>) => void;

export interface NamespacedInformersOptions<T> extends Omit<InformerOptions<T>, 'namespace' | 'signal'> {
  /** First delay before a refused member is started again; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

interface Member<T> {
  informer: Informer<T>;
  retryMs: number;
  retryTimer?: NodeJS.Timeout;
}

export class NamespacedInformers<T> {
  readonly name: string;
  readonly type: ResourceType;
  private readonly members = new Map<string, Member<T>>();
  private readonly listeners = new Set<Listener<T>>();
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

  /** Starts watching the namespace (no-op when already watched). */
  watch(namespace: string): void {
    if (this.stopped || this.members.has(namespace)) return;
    const informer = createInformer<T>(this.client, { ...this.options, namespace, name: `${this.name}/${namespace}` });
    const member: Member<T> = { informer, retryMs: this.options.retryMs ?? 1_000 };
    informer.subscribe((change) => {
      member.retryMs = this.options.retryMs ?? 1_000;
      this.emit(change);
    });
    informer.synced().catch(() => this.retryLater(namespace, member));
    this.members.set(namespace, member);
  }

  /** Stops watching the namespace; what it held is announced as deleted. */
  forget(namespace: string): void {
    const member = this.members.get(namespace);
    if (!member) return;
    this.members.delete(namespace);
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

  async relist(): Promise<void> {
    await Promise.all([...this.members.values()].map((m) => m.informer.relist().catch(() => undefined)));
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    this.resolveSeeded();
    const members = [...this.members.values()];
    this.members.clear();
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
