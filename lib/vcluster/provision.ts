import 'server-only';
// Creating a vCluster: every check first (name, the host's own decision for the user, template,
// options, name taken, quota, chart schema, cluster-scoped names free, all on a `helm template`
// render), then the writes, all with Cubby's service account: the namespace (labelled and
// annotated with what later changes need), quota and tenant RBAC with server-side apply, then the
// chart as a Helm release (`helm upgrade --install` with Cubby's labels from its post-renderer,
// helm-release.ts), so `helm list`, `helm uninstall` and the vcluster CLI see it as their own. A
// creation that stopped half-way (before helm, or with helm's release left pending) is resumed by
// creating again; `deleteVCluster` removes it completely.
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { assertTemplateAllowed, checkQuota } from '@/lib/tenancy/authorization';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { namespaceGuards } from '@/lib/tenancy/namespace-guards';
import { listTenantNamespaces } from '@/lib/tenancy/tenant-namespaces';
import { applyVClusterObjects, prepareVClusterObjects, refOf, unionRefs, type VClusterObjects } from './apply-objects';
import { mergeTenantOptions } from './chart-values';
import { renderChart } from './chart-render';
import { assertClusterObjectsFree } from './cluster-scoped-owner';
import {
  ANNOTATION_CHART_VERSION,
  ANNOTATION_CREATED_BY,
  ANNOTATION_OBJECTS,
  ANNOTATION_OPTIONS_GENERATION,
  ANNOTATION_REQUESTED_OPTIONS,
  ANNOTATION_TEMPLATE,
  ANNOTATION_VALUES,
  cubbyLabels,
  cubbySelector,
  creationComplete,
  isCubbyNamespaceOf,
  type ObjectRefEntry,
  storedState,
} from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError } from './lifecycle-error';
import type { SyncOptions } from './sync-options';
import { type Actor, authorizeCreate } from './tenant-authorization';
import type { ChartValues } from './values-tree';
import type { VClusterRef } from './vcluster-ref';
import { hostNamespaceName, tenantNameProblem, validateVClusterName } from './vcluster-name';

export interface CreateVClusterInput {
  tenant: Tenant;
  template: Template;
  name: string;
  /** The tenant's options, unparsed (straight from the request body). */
  options?: unknown;
  /** The user asking, recorded on the namespace; the audit record is the caller's. */
  requestedBy: string;
  /**
   * Who the creation is for: a tenant's user, whom the host's RBAC must allow to create vClusters
   * for the tenant (tenant-cluster-access.ts), or Cubby itself after an admin's check.
   */
  actor: Actor;
}

export interface VClusterPlan {
  ref: VClusterRef;
  /** True when an earlier creation of this vCluster stopped part-way and this one completes it. */
  resumed: boolean;
  namespaceObject: KubernetesObject;
  /** Quota, tenant RBAC, then the chart's objects in helm's order; labelled and namespaced. */
  objects: KubernetesObject[];
  /** The same objects split into Cubby's own (applied by Cubby) and the chart's (installed by helm). */
  parts: VClusterObjects;
  values: ChartValues;
  options: SyncOptions;
  renderMs: number;
  chart: { name: string; version: string };
}

export interface CreateVClusterResult {
  ref: VClusterRef;
  resumed: boolean;
  options: SyncOptions;
  /** Every object written besides the namespace (Cubby's own, then the release's). */
  objects: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>;
  /** The Helm release's revision after this creation (1 for a first install). */
  releaseRevision: number;
  renderMs: number;
  applyMs: number;
  chart: { name: string; version: string };
}

const FIRST_GENERATION = '1';

export async function createVCluster(deps: LifecycleDeps, input: CreateVClusterInput): Promise<CreateVClusterResult> {
  const plan = await planVCluster(deps, input);
  const started = performance.now();
  const { resumed, recorded } = await writeNamespace(deps.client, plan, input);
  if (!resumed) await recheckQuota(deps.client, input.tenant, plan.ref);
  const { release } = await applyVClusterObjects(deps, {
    ref: plan.ref,
    objects: plan.parts,
    values: plan.values,
    // Objects an earlier attempt applied but this render no longer has (other options) go.
    previous: recorded,
    generation: FIRST_GENERATION,
    chartVersion: plan.chart.version,
  });
  return {
    ref: plan.ref,
    resumed,
    options: plan.options,
    objects: plan.objects.map(refOf),
    releaseRevision: release.revision,
    renderMs: plan.renderMs,
    applyMs: performance.now() - started,
    chart: plan.chart,
  };
}

/**
 * Every check and the render, without writing anything: each refusal here leaves the host as it
 * was. Order: name (400), the host's RBAC for the user (403), template (403), options (400), name
 * taken (409), quota (403), chart schema (400), a cluster-scoped name another vCluster holds (409).
 */
export async function planVCluster(deps: LifecycleDeps, input: CreateVClusterInput): Promise<VClusterPlan> {
  const { tenant, template, name } = input;
  const tenantProblem = tenantNameProblem(tenant.name);
  if (tenantProblem) throw new VClusterError(400, 'invalid_input', tenantProblem, { field: 'tenant' });
  const validation = validateVClusterName(name, { tenant: tenant.name });
  if (!validation.ok) {
    throw new VClusterError(400, 'invalid_name', validation.message, { field: 'name', problems: validation.problems });
  }
  await authorizeCreate(deps.client, input.actor, tenant.name);
  assertTemplateAllowed(tenant, template.name);
  const merged = mergeTenantOptions({
    baseValues: template.spec.baseValues,
    options: input.options ?? {},
    allowed: template.spec.allowedOptions,
  });

  const namespace = hostNamespaceName(tenant.name, name);
  const ref: VClusterRef = { tenant: tenant.name, name, namespace };
  const existing = await deps.client.find<V1Namespace>(ResourceTypes.Namespace, namespace);
  const resumed = existing !== undefined && assertResumable(existing, ref);
  await assertNameFree(deps.client, ref);
  await assertQuota(deps.client, tenant, ref);

  const rendered = await renderChart({ release: name, namespace, values: merged.values, chartVersion: template.spec.chartVersion }, deps.chart);
  const parts = await prepareVClusterObjects(deps.client, tenant, ref, rendered.objects);
  const objects = parts.all;
  await assertClusterObjectsFree(deps.client, ref, objects);
  const previous = existing ? storedState(existing).objects : [];
  const annotations: Record<string, string> = {
    [ANNOTATION_TEMPLATE]: template.name,
    [ANNOTATION_CREATED_BY]: existing?.metadata?.annotations?.[ANNOTATION_CREATED_BY] ?? input.requestedBy,
    [ANNOTATION_REQUESTED_OPTIONS]: JSON.stringify(merged.options),
    [ANNOTATION_VALUES]: JSON.stringify(merged.values),
    [ANNOTATION_OPTIONS_GENERATION]: FIRST_GENERATION,
    [ANNOTATION_CHART_VERSION]: rendered.chart.version,
    // Written with the namespace, before any other object: a crash after this still knows what
    // to delete, including cluster-scoped objects outside the namespace.
    [ANNOTATION_OBJECTS]: JSON.stringify(unionRefs(previous, objects.map(refOf))),
  };
  // Pod Security and the allowed ingress hosts, enforced by the host itself (namespace-guards.ts).
  const guards = namespaceGuards({ tenant, template, vcluster: name, values: merged.values });
  const namespaceObject: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { ...cubbyLabels(tenant.name, name), ...guards.labels }, annotations: { ...annotations, ...guards.annotations } },
  };
  return {
    ref,
    resumed,
    namespaceObject,
    objects,
    parts,
    values: merged.values,
    options: merged.options,
    renderMs: rendered.durationMs,
    chart: rendered.chart,
  };
}

/** True for an unfinished creation of this very vCluster; 409 for anything else in the way. */
function assertResumable(existing: V1Namespace, ref: VClusterRef): boolean {
  if (existing.metadata?.deletionTimestamp) {
    throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is still being deleted; try again when it is gone.`, { field: 'name' });
  }
  if (!isCubbyNamespaceOf(existing, ref.tenant, ref.name) || creationComplete(existing)) {
    throw new VClusterError(409, 'already_exists', `A vCluster named '${ref.name}' already exists.`, { field: 'name' });
  }
  return true;
}

/** An assigned (imported) vCluster of the tenant may hold the name in another namespace. */
async function assertNameFree(client: KubeClient, ref: VClusterRef): Promise<void> {
  const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: cubbySelector(ref.tenant, ref.name) });
  if (list.items.some((ns) => ns.metadata?.name !== ref.namespace)) {
    throw new VClusterError(409, 'already_exists', `A vCluster named '${ref.name}' already exists.`, { field: 'name' });
  }
}

/** 403 when the tenant's other live vClusters (this one, if resumed, not counted) fill its quota. */
async function assertQuota(client: KubeClient, tenant: Tenant, ref: VClusterRef): Promise<void> {
  const others = (await listTenantNamespaces(client, tenant.name)).filter((ns) => !ns.terminating && ns.namespace !== ref.namespace);
  checkQuota(tenant, others.length);
}

/**
 * Two creations racing past assertQuota both create their namespace, so each counts again once
 * its namespace exists and, when the tenant is then over its quota, removes its namespace (nothing
 * else was written yet) and answers 403. Counting alone is the rule that can never let two win:
 * an ordering tie-break (creation time, then name) lets the one that checked first, while still
 * alone, and a later same-second one that sorts first both pass. In a tight race both may lose
 * instead; that is safe, and a retry succeeds.
 */
async function recheckQuota(client: KubeClient, tenant: Tenant, ref: VClusterRef): Promise<void> {
  const live = (await listTenantNamespaces(client, tenant.name)).filter((ns) => !ns.terminating);
  try {
    checkQuota(tenant, live.length - 1);
  } catch (error) {
    await client.delete(ResourceTypes.Namespace, ref.namespace);
    throw error;
  }
}

/**
 * Creates the namespace, or re-applies it when resuming. Creating (not applying) on the first try
 * makes two simultaneous creations of one name visible: the loser sees AlreadyExists, and then
 * either resumes an unfinished creation or answers 409 like any other taken name.
 */
async function writeNamespace(
  client: KubeClient,
  plan: VClusterPlan,
  input: CreateVClusterInput,
): Promise<{ resumed: boolean; recorded: ObjectRefEntry[] }> {
  if (!plan.resumed) {
    try {
      await client.create(ResourceTypes.Namespace, plan.namespaceObject);
      return { resumed: false, recorded: plan.objects.map(refOf) };
    } catch (error) {
      if (!(error instanceof KubeError && error.status === 409)) throw error;
      const existing = await client.get<V1Namespace>(ResourceTypes.Namespace, plan.ref.namespace);
      assertResumable(existing, plan.ref);
    }
  }
  // Re-read: a racing creation may have recorded objects since the plan was made.
  const current = await client.find<V1Namespace>(ResourceTypes.Namespace, plan.ref.namespace);
  const recorded = unionRefs(current ? storedState(current).objects : [], plan.objects.map(refOf));
  const annotations = { ...plan.namespaceObject.metadata!.annotations! };
  annotations[ANNOTATION_OBJECTS] = JSON.stringify(recorded);
  annotations[ANNOTATION_CREATED_BY] = current?.metadata?.annotations?.[ANNOTATION_CREATED_BY] ?? input.requestedBy;
  await client.apply({ ...plan.namespaceObject, metadata: { ...plan.namespaceObject.metadata, annotations } });
  return { resumed: true, recorded };
}
