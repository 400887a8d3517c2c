import { openStreams, recordedActivity } from '@/lib/vcluster/activity';
import 'server-only';
// What the API shows of vClusters, built from the shared host cache (never a LIST per request)
// and filtered by what the caller may see: their tenants' vClusters, or all for admins.
import type { Identity } from '@/lib/kube/identity';
import type { HostCache } from '@/lib/vcluster/host-cache';
import type { NamespaceView } from '@/lib/vcluster/host-cache-projections';
import { storedState } from '@/lib/vcluster/host-metadata';
import { vClusterStatus, type VClusterStatus } from '@/lib/vcluster/status';
import { syncOptionsFromValues, type EffectiveSyncOptions } from '@/lib/vcluster/sync-options';
import { syncedPodRows, type SyncedPodRow } from '@/lib/vcluster/synced-pods';
import { eventRows, type EventRow } from '@/lib/vcluster/events';
import { LABEL_TENANT, LABEL_VCLUSTER, type Tenant } from '@/lib/tenancy/model';
import { tenantsOf } from '@/lib/tenancy/authorization';
import { notFound } from './api-error';
import { viewIndexOf } from './vcluster-view-index';
import { chartVersionOfLabel } from '@/lib/vcluster/chart-version';
import { unionOfAllowedOptions } from '@/lib/vcluster/found-options';
import type { TenantOptionId } from '@/lib/vcluster/sync-options';
import { chartUpgradeOf, displayedState, type ChartUpgradeRecord } from '@/lib/vcluster/chart-upgrade';

/** Set by helm on every object of a release (helm, or the vcluster CLI, which uses it). */
const HELM_RELEASE_ANNOTATION = 'meta.helm.sh/release-name';

export interface VClusterView {
  tenant: string;
  name: string;
  namespace: string;
  template?: string;
  /**
   * How it was made: by Cubby, as a Helm release (helm itself or the vcluster CLI, which
   * installs through helm), or from plain manifests (kubectl, GitOps); the last two were
   * assigned to the tenant by an admin.
   */
  origin: 'cubby' | 'helm' | 'manifests';
  /** The user who asked Cubby for it; only for `origin: 'cubby'`. */
  createdBy?: string;
  /** The admin who assigned a vCluster Cubby did not make. */
  assignedBy?: string;
  createdAt?: string;
  status: VClusterStatus['status'];
  creationStep: VClusterStatus['creationStep'];
  configPending: boolean;
  configPendingReasons: string[];
  waitingReason?: VClusterStatus['waitingReason'];
  paused: boolean;
  terminating: boolean;
  syncedPods: number;
  options: EffectiveSyncOptions;
  /** Send this back with an option change (optimistic concurrency). */
  optionsVersion: string;
  /**
   * The chart version it runs: the `chart` label helm's chart puts on the control plane
   * (`vcluster-0.36.1`), so also right after a hand upgrade; Cubby's record until the workload exists.
   */
  chartVersion?: string;
  /** Its part in the latest chart upgrade run of its template (chart-upgrade.ts). */
  chartUpgrade?: ChartUpgradeView;
  /**
   * A Helm release Cubby did not make has no template: the options its tenant may change are
   * those any of the tenant's templates allows (found-options.ts). As of the row's last change;
   * the server checks again on every change.
   */
  allowedOptions?: TenantOptionId[];
  /** The last request through Cubby's gateway (activity.ts), as of the row's last change. */
  lastUsed?: { at: string; by?: string };
  /** Watches, followed logs and exec sessions open through the gateway now; unset when none. */
  openStreams?: number;
}

/** A vCluster's chart upgrade as the pages show it: the record less its template, `interrupted` derived. */
export type ChartUpgradeView = Omit<ChartUpgradeRecord, 'template' | 'state'> & {
  /** `interrupted`: queued or upgrading, but the server carrying the run out stopped writing. */
  state: ChartUpgradeRecord['state'] | 'interrupted';
};

export function visibleTenantNames(cache: HostCache, caller: Identity, admin: boolean): Set<string> {
  const tenants: Tenant[] = admin ? cache.tenants() : tenantsOf(caller, cache.tenants());
  return new Set(tenants.map((t) => t.name));
}

/** The row of one vCluster from the cache; the view index calls it once per change. */
export function buildVClusterView(cache: HostCache, ns: NamespaceView): VClusterView | undefined {
  const tenant = ns.metadata.labels?.[LABEL_TENANT];
  const name = ns.metadata.labels?.[LABEL_VCLUSTER];
  const namespace = ns.metadata.name;
  if (!tenant || !name || !namespace) return undefined;
  const state = storedState(ns);
  const workload = cache.workload(namespace, name);
  const origin = !state.imported ? 'cubby' : workload?.metadata.annotations?.[HELM_RELEASE_ANNOTATION] ? 'helm' : 'manifests';
  const status = vClusterStatus({
    statefulSet: workload,
    pods: cache.controlPlanePods(namespace, name),
    events: cache.events(namespace),
    kubeconfigSecretExists: cache.kubeconfigSecretExists(namespace, name),
    configSecretExists: cache.configSecretExists(namespace, name),
  });
  return {
    tenant,
    name,
    namespace,
    template: state.template,
    origin,
    ...(origin === 'cubby' ? { createdBy: state.createdBy } : { assignedBy: state.createdBy }),
    createdAt: ns.metadata.creationTimestamp ? new Date(ns.metadata.creationTimestamp).toISOString() : undefined,
    status: status.status,
    creationStep: status.creationStep,
    configPending: status.configPending,
    configPendingReasons: status.configPendingReasons,
    waitingReason: status.waitingReason,
    paused: status.status === 'Paused',
    terminating: state.terminating,
    syncedPods: cache.syncedPodCount(namespace, name),
    // Cubby's own record of what it applied; for a vCluster it did not make, the values the
    // vCluster itself runs with (its config Secret), as helm or the CLI last set them.
    options: state.values ? syncOptionsFromValues(state.values) : (cache.configSyncOptions(namespace, name) ?? syncOptionsFromValues({})),
    optionsVersion: state.optionsGeneration,
    chartVersion: chartVersionOfLabel(workload?.metadata.labels?.chart) ?? state.chartVersion,
    ...chartUpgradeField(ns),
    ...lastUsedField(ns),
    ...(openStreams(ns) > 0 ? { openStreams: openStreams(ns) } : {}),
    ...(origin === 'helm'
      ? { allowedOptions: [...unionOfAllowedOptions((cache.tenant(tenant)?.spec.templates ?? []).map((t) => cache.template(t)?.spec.allowedOptions ?? []))] }
      : {}),
  };
}

function lastUsedField(ns: NamespaceView): { lastUsed?: { at: string; by?: string } } {
  const activity = recordedActivity(ns);
  if (!activity) return {};
  return { lastUsed: { at: activity.at.toISOString(), ...(activity.by ? { by: activity.by } : {}) } };
}

function chartUpgradeField(ns: NamespaceView): { chartUpgrade?: ChartUpgradeView } {
  const record = chartUpgradeOf(ns);
  if (!record) return {};
  const { template: _template, ...rest } = record;
  return { chartUpgrade: { ...rest, state: displayedState(record) } };
}

/**
 * The rows the caller may see, by tenant then name, from the view index (kept up to date from
 * host events). Never rebuilt per request.
 */
export function listVClusterViews(cache: HostCache, caller: Identity, admin: boolean, tenantFilter?: string): VClusterView[] {
  const index = viewIndexOf(cache);
  if (admin && !tenantFilter) return [...index.all()];
  const visible = visibleTenantNames(cache, caller, admin);
  const wanted = tenantFilter ? new Set(visible.has(tenantFilter) || admin ? [tenantFilter] : []) : visible;
  return index.ofTenants(wanted);
}

/**
 * GET /api/vclusters as a Response. An admin's full list is the index's serialised body, shared
 * by every request until a row changes: no per-request build of thousands of rows.
 */
export function vclusterListResponse(cache: HostCache, caller: Identity, admin: boolean, tenantFilter?: string): Response {
  if (admin && !tenantFilter) return jsonResponse(viewIndexOf(cache).allJson());
  return Response.json({ items: listVClusterViews(cache, caller, admin, tenantFilter) });
}

export function jsonResponse(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'application/json' } });
}

/** The namespace of a vCluster the caller may see; 404 otherwise, the same as a missing one. */
export function visibleNamespace(cache: HostCache, caller: Identity, admin: boolean, tenant: string, name: string): NamespaceView {
  if (!admin && !visibleTenantNames(cache, caller, admin).has(tenant)) throw notFound(`vCluster ${tenant}/${name} not found`);
  const ns = cache.vclusterNamespace(tenant, name);
  if (!ns) throw notFound(`vCluster ${tenant}/${name} not found`);
  return ns;
}

export function vClusterView(cache: HostCache, caller: Identity, admin: boolean, tenant: string, name: string): VClusterView {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  const view = viewIndexOf(cache).row(ns.metadata.name);
  if (!view || view.name !== name) throw notFound(`vCluster ${tenant}/${name} not found`);
  return view;
}

export function syncedPodsView(cache: HostCache, caller: Identity, admin: boolean, tenant: string, name: string): SyncedPodRow[] {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  // The namespace's events say why a host pod waits (the scheduler's, the kubelet's).
  return syncedPodRows(cache.syncedPods(ns.metadata.name!, name), name, new Date(), cache.events(ns.metadata.name!));
}

export function eventsView(cache: HostCache, caller: Identity, admin: boolean, tenant: string, name: string): EventRow[] {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  return eventRows(cache.events(ns.metadata.name!));
}
