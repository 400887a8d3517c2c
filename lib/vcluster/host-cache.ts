import 'server-only';
// One process-wide set of informers over exactly what Cubby shows of the host cluster, shared by
// every request: pages and the API read here instead of listing per request, and the change
// feed turns what changes here into notifications for the browser. Runs as Cubby's own identity
// (its service account); what a tenant may see is decided by the caller, not by this cache.
import { hostClient } from '@/lib/kube/host-client';
import {
  createInformer,
  type Informer,
  type InformerClient,
  type InformerOptions,
  type InformerStatus,
  type RawObject,
} from '@/lib/kube/informer';
import { NamespacedInformers } from '@/lib/kube/namespaced-informers';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { CubbyResourceTypes } from '@/lib/tenancy/crds';
import { templateFromObject, tenantFromObject, type TemplateObject, type TenantObject } from '@/lib/tenancy/cubby-objects';
import { LABEL_TENANT, LABEL_VCLUSTER, type Template, type Tenant } from '@/lib/tenancy/model';
import { QUOTA_NAME } from '@/lib/tenancy/quota-objects';
import { LABEL_MANAGED_BY as LABEL_SYNCED_BY } from './host-object-name';
import {
  eventRecency,
  projectControlPlanePod,
  projectEvent,
  projectIngress,
  projectNamespace,
  projectResourceQuota,
  projectSecret,
  projectService,
  projectSyncedPod,
  projectWorkload,
  type EventView,
  type HostCacheChange,
  type HostSource,
  type HostViews,
  type IngressView,
  type SecretView,
  type NamespaceView,
  type PodView,
  type ResourceQuotaView,
  type ServiceView,
  type SyncedPodView,
  type WorkloadView,
} from './host-cache-projections';
import { VCLUSTER_CONFIG_HASH_ANNOTATION } from './status';
import { log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import type { EffectiveSyncOptions } from './sync-options';

export type { HostCacheChange, HostSource, HostViews } from './host-cache-projections';

/** Selects the chart's objects (and the kubeconfig Secret the vCluster writes). */
const VCLUSTER_SELECTOR = 'app=vcluster';
/** Events kept per namespace; a vCluster's page shows the latest few dozen at most. */
export const DEFAULT_EVENTS_PER_NAMESPACE = 100;

export interface HostCacheOptions {
  /** Pod-template annotation with the config hash; the chart's `vClusterConfigHash` by default. */
  configHashAnnotation?: string;
  eventsPerNamespace?: number;
  /** How often a missing CRD (tenants, templates) is looked for again. */
  missingRetryMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  log?: (message: string) => void;
}

/** Secrets are read per namespace: Cubby may read them only where it manages a vCluster. */
type Informers = { [S in Exclude<HostSource, 'secrets'>]: Informer<HostViews[S]> } & { secrets: NamespacedInformers<HostViews['secrets']> };

/**
 * A vCluster inside a vCluster syncs its own chart objects to the host with their labels, so
 * they match app=vcluster too; they belong to the inner vCluster, not to a control plane here.
 */
const notSynced = (o: RawObject) => o.metadata?.labels?.[LABEL_SYNCED_BY] === undefined;

const byName = <T extends { metadata: { name: string } }>(a: T, b: T) => compare(a.metadata.name, b.metadata.name);

/** Counts lists and events per source and notes when each last heard from the API server. */
function informerActivity(source: string): (what: 'list' | 'event') => void {
  const m = metrics();
  return (what) => {
    (what === 'list' ? m.informerRelists : m.informerEvents).inc({ resource: source });
    m.informerLastEvent.set({ resource: source }, Date.now() / 1000);
  };
}

export class HostCache {
  readonly informers: Informers;
  private readonly listeners = new Set<(change: HostCacheChange) => void>();
  private readonly generations = new Map<HostSource, number>();
  private disposed = false;

  constructor(client: InformerClient, options: HostCacheOptions = {}) {
    const hash = options.configHashAnnotation ?? VCLUSTER_CONFIG_HASH_ANNOTATION;
    const common = {
      ...(options.missingRetryMs !== undefined ? { missingRetryMs: options.missingRetryMs } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.log ? { log: options.log } : {}),
    };
    const make = <S extends HostSource>(source: S, spec: Omit<InformerOptions<HostViews[S]>, 'name'>): Informer<HostViews[S]> => {
      const informer = createInformer<HostViews[S]>(client, { ...common, ...spec, name: source, onActivity: informerActivity(source) });
      informer.subscribe((change) => {
        this.generations.set(source, (this.generations.get(source) ?? 0) + 1);
        this.emit({ source, change } as HostCacheChange);
      });
      return informer;
    };
    this.informers = {
      statefulSets: make('statefulSets', { type: ResourceTypes.StatefulSet, labelSelector: VCLUSTER_SELECTOR, project: (o) => projectWorkload(o, hash) }),
      deployments: make('deployments', { type: ResourceTypes.Deployment, labelSelector: VCLUSTER_SELECTOR, project: (o) => projectWorkload(o, hash) }),
      controlPlanePods: make('controlPlanePods', {
        type: ResourceTypes.Pod,
        labelSelector: VCLUSTER_SELECTOR,
        accept: notSynced,
        project: (o) => projectControlPlanePod(o, hash),
        indexers: { release: (p) => releaseKey(p.metadata.namespace, p.metadata.labels?.release) },
      }),
      syncedPods: make('syncedPods', {
        type: ResourceTypes.Pod,
        labelSelector: LABEL_SYNCED_BY,
        // Tens of thousands on a big host: 2,000 a page lists 50,000 in 15 s instead of 22 s at
        // 500 (the API server's cost per page), for about 11 MB of text in flight.
        pageSize: 2000,
        project: projectSyncedPod,
        indexers: { vcluster: (p) => releaseKey(p.metadata.namespace, p.vcluster) },
      }),
      namespaces: make('namespaces', {
        type: ResourceTypes.Namespace,
        project: projectNamespace,
        // A vCluster's page and the tenant list look namespaces up by their Cubby labels.
        indexers: {
          vcluster: (n) => releaseKey(n.metadata.labels?.[LABEL_TENANT], n.metadata.labels?.[LABEL_VCLUSTER]),
          tenant: (n) => n.metadata.labels?.[LABEL_TENANT],
        },
      }),
      secrets: this.namespacedSecrets(client, common),
      services: make('services', { type: ResourceTypes.Service, labelSelector: VCLUSTER_SELECTOR, accept: notSynced, project: projectService }),
      ingresses: make('ingresses', { type: ResourceTypes.Ingress, labelSelector: VCLUSTER_SELECTOR, accept: notSynced, project: projectIngress }),
      events: make('events', {
        type: ResourceTypes.Event,
        project: projectEvent,
        perNamespaceLimit: { max: options.eventsPerNamespace ?? DEFAULT_EVENTS_PER_NAMESPACE, recency: eventRecency },
      }),
      // Cubby's quota of each vCluster namespace: the admin's CPU and memory figures, read from
      // here instead of a LIST of every quota per request.
      resourceQuotas: make('resourceQuotas', {
        type: ResourceTypes.ResourceQuota,
        labelSelector: LABEL_TENANT,
        accept: (o: RawObject) => o.metadata?.name === QUOTA_NAME,
        project: projectResourceQuota,
        indexers: { tenant: (q) => q.metadata.labels?.[LABEL_TENANT] },
      }),
      // Kept whole (small, and Cubby's own), read the same way the tenancy stores read them.
      tenants: make('tenants', { type: CubbyResourceTypes.Tenant, project: (o) => tenantFromObject(o as unknown as TenantObject) }),
      templates: make('templates', { type: CubbyResourceTypes.VClusterTemplate, project: (o) => templateFromObject(o as unknown as TemplateObject) }),
    };
    this.followManagedNamespaces();
  }

  /**
   * The Secrets of vCluster namespaces: `vc-NAME` (the kubeconfig) and `vc-config-NAME`, without
   * their data. One watch per namespace Cubby manages (labelled with a tenant), since Cubby's
   * rights to read Secrets come from its RoleBinding in each of those (cubby-namespace-access.ts).
   */
  private namespacedSecrets(client: InformerClient, common: Partial<InformerOptions<SecretView>>): NamespacedInformers<SecretView> {
    const secrets = new NamespacedInformers<SecretView>(client, {
      ...common,
      name: 'secrets',
      type: ResourceTypes.Secret,
      labelSelector: VCLUSTER_SELECTOR,
      // Label selectors cannot match a name prefix; the rest never reaches the cache.
      accept: (o: RawObject) => o.metadata?.name?.startsWith('vc-') === true && notSynced(o),
      project: projectSecret,
      onActivity: informerActivity('secrets'),
    });
    secrets.subscribe((change) => {
      this.generations.set('secrets', (this.generations.get('secrets') ?? 0) + 1);
      this.emit({ source: 'secrets', change });
    });
    return secrets;
  }

  /** Keeps the Secret watches on exactly the namespaces labelled with a tenant. */
  private followManagedNamespaces(): void {
    const { namespaces, secrets } = this.informers;
    const follow = (namespace: NamespaceView) => {
      if (namespace.metadata.labels?.[LABEL_TENANT]) secrets.watch(namespace.metadata.name);
      else secrets.forget(namespace.metadata.name);
    };
    for (const namespace of namespaces.list()) follow(namespace);
    namespaces.subscribe((change) => (change.type === 'deleted' ? secrets.forget(change.object.metadata.name) : follow(change.object)));
    namespaces.synced().then(
      () => secrets.markSeeded(),
      () => secrets.markSeeded(),
    );
  }

  /** Resolves once every informer has listed (a missing CRD counts); rejects if one gave up. */
  async ready(): Promise<void> {
    await Promise.all(Object.values(this.informers).map((i) => i.synced()));
  }

  get hasSynced(): boolean {
    return Object.values(this.informers).every((i) => i.hasSynced);
  }

  /** Each informer's state, for a health endpoint and for telling users the data may be stale. */
  status(): Record<HostSource, InformerStatus> {
    return Object.fromEntries(Object.entries(this.informers).map(([k, i]) => [k, i.status])) as Record<HostSource, InformerStatus>;
  }

  /** StatefulSets and Deployments labelled app=vcluster, in every namespace. */
  vclusterWorkloads(): WorkloadView[] {
    return [...this.informers.statefulSets.list(), ...this.informers.deployments.list()].sort(
      (a, b) => compare(a.metadata.namespace, b.metadata.namespace) || byName(a, b),
    );
  }

  /** The control plane of vCluster `name` (StatefulSet `name`, or Deployment `name`). */
  workload(namespace: string, name: string): WorkloadView | undefined {
    return this.informers.statefulSets.get(namespace, name) ?? this.informers.deployments.get(namespace, name);
  }

  /**
   * Names of the vClusters in the namespace (one, normally): those whose control plane lives
   * there, and the one Cubby labelled the namespace for (before its chart is applied, and while
   * it is being deleted).
   */
  vclustersInNamespace(namespace: string): string[] {
    const names = new Set<string>();
    const labelled = this.namespace(namespace)?.metadata.labels?.[LABEL_VCLUSTER];
    if (labelled) names.add(labelled);
    for (const w of [...this.informers.statefulSets.inNamespace(namespace), ...this.informers.deployments.inNamespace(namespace)]) {
      names.add(w.metadata.labels?.release ?? w.metadata.name);
    }
    return [...names].sort(compare);
  }

  /** Pods `app=vcluster,release=RELEASE` in the namespace, by name. */
  controlPlanePods(namespace: string, release: string): PodView[] {
    return this.informers.controlPlanePods.byIndex('release', releaseKey(namespace, release)!).sort(byName);
  }

  isControlPlanePod(namespace: string, podName: string): boolean {
    return this.informers.controlPlanePods.get(namespace, podName) !== undefined;
  }

  /** How many host pods the vCluster synced (no copy, no sort: list rows only count them). */
  syncedPodCount(namespace: string, vclusterName: string): number {
    return this.informers.syncedPods.byIndex('vcluster', releaseKey(namespace, vclusterName)!).length;
  }

  /** Host pods with `vcluster.loft.sh/managed-by=VCLUSTER` in the namespace, by name. */
  syncedPods(namespace: string, vclusterName: string): SyncedPodView[] {
    return this.informers.syncedPods.byIndex('vcluster', releaseKey(namespace, vclusterName)!).sort(byName);
  }

  /**
   * Whether the vCluster has written its kubeconfig Secret `vc-NAME`; undefined where Cubby
   * cannot read the namespace's Secrets (a found vCluster not yet assigned).
   */
  kubeconfigSecretExists(namespace: string, name: string): boolean | undefined {
    if (!this.informers.secrets.covers(namespace)) return undefined;
    return this.informers.secrets.get(namespace, `vc-${name}`) !== undefined;
  }

  /** Whether the chart's config Secret `vc-config-NAME` was applied; undefined where unreadable. */
  configSecretExists(namespace: string, name: string): boolean | undefined {
    if (!this.informers.secrets.covers(namespace)) return undefined;
    return this.informers.secrets.get(namespace, `vc-config-${name}`) !== undefined;
  }

  /** The sync options in effect according to `vc-config-NAME`, when it is there and readable. */
  configSyncOptions(namespace: string, name: string): EffectiveSyncOptions | undefined {
    return this.informers.secrets.get(namespace, `vc-config-${name}`)?.syncOptions;
  }

  services(namespace: string): ServiceView[] {
    return this.informers.services.inNamespace(namespace).sort(byName);
  }

  ingresses(namespace: string): IngressView[] {
    return this.informers.ingresses.inNamespace(namespace).sort(byName);
  }

  /** The namespace's most recent events first (at most `eventsPerNamespace` are kept). */
  events(namespace: string): EventView[] {
    return this.informers.events.inNamespace(namespace).sort((a, b) => eventRecency(b) - eventRecency(a));
  }

  namespace(name: string): NamespaceView | undefined {
    return this.informers.namespaces.get(undefined, name);
  }

  /** The namespace Cubby labelled for the tenant's vCluster `name` (index lookup, no scan). */
  vclusterNamespace(tenant: string, name: string): NamespaceView | undefined {
    return this.informers.namespaces.byIndex('vcluster', releaseKey(tenant, name)!)[0];
  }

  /** Namespaces labelled with the tenant. */
  tenantNamespaces(tenant: string): NamespaceView[] {
    return this.informers.namespaces.byIndex('tenant', tenant);
  }

  /** Cubby's ResourceQuota in the namespace, amounts parsed. */
  resourceQuota(namespace: string): ResourceQuotaView | undefined {
    return this.informers.resourceQuotas.get(namespace, QUOTA_NAME);
  }

  /** Cubby's ResourceQuotas labelled with the tenant. */
  tenantResourceQuotas(tenant: string): ResourceQuotaView[] {
    return this.informers.resourceQuotas.byIndex('tenant', tenant);
  }

  /**
   * Counts the changes of a source; a result derived from that source can be kept until its
   * generation moves (the discovered list: workloads and namespaces).
   */
  generation(source: HostSource): number {
    return this.generations.get(source) ?? 0;
  }

  namespaces(): NamespaceView[] {
    return this.informers.namespaces.list().sort(byName);
  }

  tenants(): Tenant[] {
    return this.informers.tenants.list().sort((a, b) => compare(a.name, b.name));
  }

  tenant(name: string): Tenant | undefined {
    return this.informers.tenants.get(undefined, name);
  }

  templates(): Template[] {
    return this.informers.templates.list().sort((a, b) => compare(a.name, b.name));
  }

  template(name: string): Template | undefined {
    return this.informers.templates.get(undefined, name);
  }

  /** Every change of every informer, tagged with its source. */
  onChange(listener: (change: HostCacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Forces every informer to list again (tests, and an operator's "resync"). */
  async relist(): Promise<void> {
    await Promise.all(Object.values(this.informers).map((i) => i.relist()));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.listeners.clear();
    await Promise.all(Object.values(this.informers).map((i) => i.dispose()));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private emit(change: HostCacheChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

export function createHostCache(client: InformerClient, options?: HostCacheOptions): HostCache {
  return new HostCache(client, options);
}

// Kept on globalThis so that Next.js dev reloads of this module reuse one set of informers
// instead of opening another set of watches each time.
const globalKey = Symbol.for('cubby.hostCache');
type GlobalWithCache = typeof globalThis & { [globalKey]?: HostCache };

/** The process-wide cache over the host cluster, started on first use. */
export function getHostCache(): HostCache {
  const g = globalThis as GlobalWithCache;
  let cache = g[globalKey];
  if (!cache || cache.isDisposed) {
    cache = createHostCache(hostClient(), { log: (message) => log.warn({ component: 'host-cache' }, message) });
    g[globalKey] = cache;
  }
  return cache;
}

/** Stops the process-wide cache (tests, shutdown); the next getHostCache() starts a new one. */
export async function disposeHostCache(): Promise<void> {
  const g = globalThis as GlobalWithCache;
  const cache = g[globalKey];
  delete g[globalKey];
  await cache?.dispose();
}

function releaseKey(namespace: string | undefined, name: string | undefined): string | undefined {
  return namespace && name ? `${namespace}/${name}` : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
