import 'server-only';
// Every vCluster's list row (VClusterView) and each tenant's aggregates, kept up to date from the
// host cache's changes instead of rebuilt per request. A change marks only the namespace it
// concerns; the row is recomputed when someone next reads (once, however many changes came), and
// the tenant's counts move by the difference between the old and the new row. Reads of the whole
// list reuse one sorted array and one serialised JSON body until something changes.
import { deepEqual } from '@/lib/kube/informer-store';
import type { HostCache } from '@/lib/vcluster/host-cache';
import type { HostCacheChange, NamespaceView, QuotaFigureView } from '@/lib/vcluster/host-cache-projections';
import { changeTargets, type ChangeKind } from '@/lib/vcluster/change-feed-targets';
import { stateBucket, type StateCounts } from '@/lib/vcluster/state-bucket';
import { LABEL_TENANT, LABEL_VCLUSTER } from '@/lib/tenancy/model';
import type { NamespaceUsage, TenantOverview, TenantUsage } from '@/lib/client/admin-usage';
import { buildVClusterView, type VClusterView } from './vcluster-views';
import { errorFields, log } from '@/lib/observability/logger';

/** What the admin overview shows per tenant, summed on the server. */
export type TenantAggregate = TenantOverview & { counts: StateCounts };

type RowChange = 'row' | 'list';

const MAX_PENDING_ROW_CHANGES = 20_000;

const emptyCounts = (): StateCounts => ({ running: 0, pending: 0, paused: 0, other: 0 });

/** Kinds after which a row may read differently; pod updates keep the count and are left out. */
const ROW_KINDS: ReadonlySet<ChangeKind> = new Set(['list', 'status']);

export class VClusterViewIndex {
  private readonly rows = new Map<string, VClusterView>();
  private readonly dirty = new Set<string>();
  private readonly usageDirty = new Set<string>();
  private readonly usage = new Map<string, TenantUsage>();
  private readonly aggregates = new Map<string, Omit<TenantAggregate, 'cpu' | 'memory' | 'pods'>>();
  /** Tenants whose latest-used row went away or changed: their lastUsed is found again on read. */
  private readonly lastUsedStale = new Set<string>();
  /** What happened to each row since the change feed last asked (see takeRowChange). */
  private readonly rowChanges = new Map<string, RowChange>();
  private order: string[] | undefined;
  private sorted: VClusterView[] | undefined;
  private listJson: string | undefined;
  /** False until the rows the first sync brought are built; those are no news to anyone. */
  private baseline = false;
  private versionValue = 0;
  private usageVersionValue = 0;
  private readonly detach: () => void;

  constructor(private readonly cache: HostCache) {
    // Subscribing before the first list completes sees every object as 'added'; an index made
    // later starts from what the cache already holds.
    this.detach = cache.onChange((change) => this.onChange(change));
    for (const ns of cache.namespaces()) if (ns.metadata.labels?.[LABEL_TENANT]) this.dirty.add(ns.metadata.name);
    for (const tenant of cache.tenants()) this.usageDirty.add(tenant.name);
  }

  /** Moves whenever a row appears, goes or reads differently. */
  get version(): number {
    this.refresh();
    return this.versionValue;
  }

  /** Moves whenever a tenant's quota figures change. */
  get usageVersion(): number {
    this.refreshUsage();
    return this.usageVersionValue;
  }

  dispose(): void {
    this.detach();
  }

  /** Every row, by tenant then name. The array is shared: callers must not change it. */
  all(): readonly VClusterView[] {
    this.refresh();
    if (!this.sorted) {
      if (!this.order) {
        this.order = [...this.rows.keys()].sort((a, b) => compareRows(this.rows.get(a)!, this.rows.get(b)!));
      }
      this.sorted = this.order.map((ns) => this.rows.get(ns)!);
    }
    return this.sorted;
  }

  /** `{"items":[...every row...]}`, serialised once per version. */
  allJson(): string {
    const rows = this.all();
    this.listJson ??= JSON.stringify({ items: rows });
    return this.listJson;
  }

  /** The rows of some tenants, by tenant then name. */
  ofTenants(tenants: ReadonlySet<string>): VClusterView[] {
    return this.all().filter((v) => tenants.has(v.tenant));
  }

  /** The row of the vCluster whose host namespace this is. */
  row(namespace: string): VClusterView | undefined {
    this.refresh();
    return this.rows.get(namespace);
  }

  /** Per-tenant counts and quota sums for every tenant the cache knows, by name. */
  tenantAggregates(): TenantAggregate[] {
    this.refresh();
    this.refreshUsage();
    this.refreshLastUsed();
    return this.cache.tenants().map((t) => {
      const base = this.aggregates.get(t.name) ?? { tenant: t.name, vclusters: 0, counts: emptyCounts(), syncedPods: 0 };
      const usage = this.usage.get(t.name);
      const out: TenantAggregate = { ...base, counts: { ...base.counts } };
      if (usage?.cpu) out.cpu = usage.cpu;
      if (usage?.memory) out.memory = usage.memory;
      if (usage?.pods) out.pods = usage.pods;
      return out;
    });
  }

  /** The ResourceQuota figures of each tenant with at least one quota, by tenant name. */
  tenantUsage(): TenantUsage[] {
    this.refreshUsage();
    return [...this.usage.values()].sort((a, b) => compare(a.tenant, b.tenant));
  }

  /**
   * For the change feed, once per notification: whether the vCluster's row changed ('row'), or
   * it appeared or went away ('list'), since the last time anyone asked about it.
   */
  takeRowChange(namespace: string): RowChange | undefined {
    this.refresh();
    const change = this.rowChanges.get(namespace);
    this.rowChanges.delete(namespace);
    return change;
  }

  private onChange(change: HostCacheChange): void {
    if (change.source === 'tenants') {
      for (const t of [change.change.object, change.change.previous]) if (t) this.usageDirty.add(t.name);
      return;
    }
    if (change.source === 'resourceQuotas') {
      for (const q of [change.change.object, change.change.previous]) {
        const tenant = q?.metadata.labels?.[LABEL_TENANT];
        if (tenant) this.usageDirty.add(tenant);
      }
      return;
    }
    if (change.source === 'namespaces') {
      // Labels may come or go (an assignment, a deletion): the row follows the namespace itself.
      this.dirty.add(change.change.object.metadata.name);
      return;
    }
    const countChanged = change.source === 'syncedPods' && change.change.type !== 'updated';
    for (const target of changeTargets(change, this.cache)) {
      if (target.scope !== 'vcluster') continue;
      if (countChanged || target.kinds.some((k) => ROW_KINDS.has(k))) this.dirty.add(target.namespace);
    }
  }

  private refresh(): void {
    if (this.dirty.size === 0) return;
    const namespaces = [...this.dirty];
    this.dirty.clear();
    const record = this.baseline;
    if (this.cache.hasSynced) this.baseline = true;
    let changed = false;
    for (const namespace of namespaces) {
      const before = this.rows.get(namespace);
      const ns = this.cache.namespace(namespace);
      const after = ns ? this.build(ns) : undefined;
      if (before === undefined && after === undefined) continue;
      if (before && after && deepEqual(before, after)) continue;
      changed = true;
      if (before) this.count(before, -1);
      if (after) {
        this.count(after, +1);
        this.rows.set(namespace, after);
      } else {
        this.rows.delete(namespace);
      }
      const membership = before === undefined || after === undefined || before.tenant !== after.tenant || before.name !== after.name;
      if (membership) this.order = undefined;
      if (record) {
        this.rowChanges.set(namespace, membership || this.rowChanges.get(namespace) === 'list' ? 'list' : 'row');
        // Nobody asks while no browser listens; old answers are worthless then.
        if (this.rowChanges.size > MAX_PENDING_ROW_CHANGES) this.rowChanges.clear();
      }
    }
    if (changed) {
      this.sorted = undefined;
      this.listJson = undefined;
      this.versionValue++;
    }
  }

  private build(ns: NamespaceView): VClusterView | undefined {
    try {
      return buildVClusterView(this.cache, ns);
    } catch (error) {
      // One odd namespace must not take every list down with it.
      log.warn({ component: 'view-index', namespace: ns.metadata.name, ...errorFields(error) }, 'could not build the view of a namespace');
      return undefined;
    }
  }

  private count(view: VClusterView, sign: 1 | -1): void {
    let aggregate = this.aggregates.get(view.tenant);
    if (!aggregate) this.aggregates.set(view.tenant, (aggregate = { tenant: view.tenant, vclusters: 0, counts: emptyCounts(), syncedPods: 0 }));
    aggregate.vclusters += sign;
    aggregate.counts[stateBucket(view)] += sign;
    aggregate.syncedPods += sign * view.syncedPods;
    if (view.lastUsed) {
      const latest = aggregate.lastUsed;
      if (sign > 0 && (!latest || view.lastUsed.at >= latest.at)) {
        aggregate.lastUsed = { ...view.lastUsed, vcluster: view.name };
        this.lastUsedStale.delete(view.tenant);
      } else if (sign < 0 && latest?.vcluster === view.name) {
        this.lastUsedStale.add(view.tenant);
      }
    }
    if (aggregate.vclusters === 0) this.aggregates.delete(view.tenant);
  }

  /** A max cannot be taken back by subtraction: after its row went, look over the tenant's rows. */
  private refreshLastUsed(): void {
    if (this.lastUsedStale.size === 0) return;
    const stale = new Set(this.lastUsedStale);
    this.lastUsedStale.clear();
    const latest = new Map<string, { at: string; by?: string; vcluster: string }>();
    for (const row of this.rows.values()) {
      if (!stale.has(row.tenant) || !row.lastUsed) continue;
      const best = latest.get(row.tenant);
      if (!best || row.lastUsed.at > best.at) latest.set(row.tenant, { ...row.lastUsed, vcluster: row.name });
    }
    for (const tenant of stale) {
      const aggregate = this.aggregates.get(tenant);
      if (!aggregate) continue;
      const found = latest.get(tenant);
      if (found) aggregate.lastUsed = found;
      else delete aggregate.lastUsed;
    }
  }

  private refreshUsage(): void {
    if (this.usageDirty.size === 0) return;
    const tenants = [...this.usageDirty];
    this.usageDirty.clear();
    for (const tenant of tenants) {
      const next = this.sumUsage(tenant);
      const before = this.usage.get(tenant);
      if (before === undefined && next === undefined) continue;
      if (before && next && deepEqual(before, next)) continue;
      if (next) this.usage.set(tenant, next);
      else this.usage.delete(tenant);
      this.usageVersionValue++;
    }
  }

  /** One tenant's quotas summed: a hundred namespaces at most per tenant, so this stays cheap. */
  private sumUsage(tenant: string): TenantUsage | undefined {
    const quotas = this.cache.tenantResourceQuotas(tenant);
    if (quotas.length === 0) return undefined;
    const usage: TenantUsage = { tenant, namespaces: [] };
    for (const quota of quotas) {
      const row: NamespaceUsage = { namespace: quota.metadata.namespace };
      const vcluster = quota.metadata.labels?.[LABEL_VCLUSTER];
      if (vcluster) row.vcluster = vcluster;
      if (quota.cpu) row.cpu = { ...quota.cpu };
      if (quota.memory) row.memory = { ...quota.memory };
      if (quota.pods) row.pods = { ...quota.pods };
      usage.namespaces.push(row);
      addFigure(usage, 'cpu', quota.cpu);
      addFigure(usage, 'memory', quota.memory);
      addFigure(usage, 'pods', quota.pods);
    }
    usage.namespaces.sort((a, b) => compare(a.namespace, b.namespace));
    return usage;
  }
}

function addFigure(usage: TenantUsage, key: 'cpu' | 'memory' | 'pods', figure: QuotaFigureView | undefined): void {
  if (!figure) return;
  const sum = usage[key];
  usage[key] = sum ? { used: sum.used + figure.used, hard: (sum.hard ?? 0) + figure.hard } : { used: figure.used, hard: figure.hard };
}

function compareRows(a: VClusterView, b: VClusterView): number {
  return a.tenant.localeCompare(b.tenant) || a.name.localeCompare(b.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// One index per host cache: tests make caches of their own, the process has one. On globalThis
// because Next.js bundles instrumentation, pages and route handlers apart, each with its own copy
// of this module; they must still share one index (one subscription, one set of rows).
const globalKey = Symbol.for('cubby.viewIndexes');
type GlobalWithIndexes = typeof globalThis & { [globalKey]?: WeakMap<HostCache, VClusterViewIndex> };

export function viewIndexOf(cache: HostCache): VClusterViewIndex {
  const g = globalThis as GlobalWithIndexes;
  const indexes = (g[globalKey] ??= new WeakMap());
  let index = indexes.get(cache);
  if (!index) indexes.set(cache, (index = new VClusterViewIndex(cache)));
  return index;
}
