import 'server-only';
// Changing a vCluster's sync options: authorise the tenant (a SubjectAccessReview for `update`),
// validate the options against the template's allow-list on top of the values the vCluster runs
// with, re-render, refuse a cluster-scoped name another vCluster holds (turning node sync on
// brings a ClusterRole whose name the chart cuts), record the new values on the namespace with a
// compare-and-swap on the options generation (the caller's expected version), then apply: Cubby's
// own objects with server-side apply and the chart as an upgrade of the vCluster's Helm release
// (one new revision; helm-release.ts). A vCluster made by an earlier Cubby, without a release, is
// adopted into one on its first change. The new config hash on the pod template rolls the control
// plane; status.ts reports "config pending" until the new pod runs.
//
// Lost updates: two changes that read the same version both pass validation, but only one
// compare-and-swap succeeds; the other gets 409 and must re-read. Applies can still interleave
// (A records, C records, C applies, A applies its older objects), so every applier checks the
// generation when it marks its work done and re-applies the newest record when it moved on.
import type { KubernetesObject, V1Namespace, V1StatefulSet } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { type VClusterObjects, deleteRefs, prepareVClusterObjects, refOf, staleRefs, unionRefs, writeVClusterObjects } from './apply-objects';
import { mergeTenantOptions } from './chart-values';
import { renderChart } from './chart-render';
import { assertClusterObjectsFree } from './cluster-scoped-owner';
import { configuredChartVersion } from './chart-source';
import { chartVersionOfLabel } from './chart-version';
import { releaseHistory, rollbackRelease } from './helm-release';
import {
  ANNOTATION_APPLIED_GENERATION,
  ANNOTATION_CHART_VERSION,
  ANNOTATION_OBJECTS,
  ANNOTATION_OPTIONS_GENERATION,
  ANNOTATION_REQUESTED_OPTIONS,
  ANNOTATION_VALUES,
  type ObjectRefEntry,
  creationComplete,
  storedState,
} from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError } from './lifecycle-error';
import { PAUSED_ANNOTATION } from './status';
import { type EffectiveSyncOptions, type SyncOptions, parseSyncOptions, syncOptionsFromValues } from './sync-options';
import { type Actor, authorizeTenant } from './tenant-authorization';
import { type ChartValues, deepEqual } from './values-tree';
import { type VClusterRef, resolveVCluster } from './vcluster-ref';

export interface ChangeOptionsInput {
  tenant: Tenant;
  name: string;
  /** The template the vCluster was made from (its name is on the namespace, `storedState().template`). */
  template: Template;
  /** The options to change, unparsed; absent fields keep their current value. */
  options: unknown;
  /** The options version the caller's form was built from (`optionsVersion(namespace)`). */
  expectedVersion: string;
  actor: Actor;
}

export interface ChangeOptionsResult {
  ref: VClusterRef;
  /** The new options version (unchanged when nothing changed). */
  version: string;
  changed: boolean;
  /** What tenants have asked for so far, merged. */
  requested: SyncOptions;
  /** Every option with its effective value. */
  effective: EffectiveSyncOptions;
  renderMs: number;
  /** Objects the new render no longer has, deleted (e.g. the ClusterRole after node sync off). */
  pruned: ObjectRefEntry[];
  /** The Helm release's revision after the change (unchanged: undefined). */
  releaseRevision?: number;
}

export async function changeVClusterOptions(deps: LifecycleDeps, input: ChangeOptionsInput): Promise<ChangeOptionsResult> {
  const { client } = deps;
  const { ref, namespace } = await resolveVCluster(client, input.tenant.name, input.name);
  await authorizeTenant(client, input.actor, 'update', ref);

  const state = storedState(namespace);
  if (state.terminating) throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is being deleted.`);
  if (!state.values || !state.template) {
    throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' was not created by Cubby from a template, so its options cannot be changed here.`);
  }
  if (!creationComplete(namespace)) {
    throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' is still being created; create it again to finish, then change its options.`);
  }
  if (state.template !== input.template.name) {
    throw new VClusterError(400, 'invalid_input', `vCluster '${ref.name}' was created from template '${state.template}', not '${input.template.name}'.`, { field: 'template' });
  }
  if (input.expectedVersion !== state.optionsGeneration) throw staleVersion(ref, state.optionsGeneration);

  // The allow-list is checked against the running values, so re-sending the current state of a
  // locked option passes while changing it does not.
  const merged = mergeTenantOptions({ baseValues: state.values, options: input.options, allowed: input.template.spec.allowedOptions });
  const requested = mergeRequestedOptions(state.requestedOptions, merged.options);
  if (deepEqual(merged.values, state.values)) {
    return {
      ref,
      version: state.optionsGeneration,
      changed: false,
      requested,
      effective: syncOptionsFromValues(state.values),
      renderMs: 0,
      pruned: [],
    };
  }
  const rendered = await renderChart({ release: ref.name, namespace: ref.namespace, values: merged.values, chartVersion: state.chartVersion }, deps.chart);
  const objects = await prepareVClusterObjects(client, input.tenant, ref, rendered.objects);
  await assertClusterObjectsFree(client, ref, objects.all);

  const version = String(Number(state.optionsGeneration) + 1);
  await compareAndSwap(client, ref, state.optionsGeneration, {
    [ANNOTATION_VALUES]: JSON.stringify(merged.values),
    [ANNOTATION_REQUESTED_OPTIONS]: JSON.stringify(requested),
    [ANNOTATION_OPTIONS_GENERATION]: version,
  });
  const { pruned, releaseRevision } = await applyRecorded(deps, input.tenant, ref, { generation: version, objects });
  return { ref, version, changed: true, requested, effective: syncOptionsFromValues(merged.values), renderMs: rendered.durationMs, pruned, releaseRevision };
}

export interface ChartUpgradeInput {
  tenant: Tenant;
  name: string;
  /** The chart version to move to. */
  chartVersion: string;
  actor: Actor;
}

export interface ChartUpgradeResult {
  ref: VClusterRef;
  fromVersion: string;
  toVersion: string;
  /** The release's revision before the upgrade: what a rollback returns to. */
  fromRevision?: number;
  /** The release's revision after it (unchanged: the current one). */
  releaseRevision?: number;
  changed: boolean;
  renderMs: number;
}

/**
 * Moves a Cubby-made vCluster to another chart version, by the same path as an option change:
 * the recorded values are rendered with the new chart first (its schema and every check judge
 * them; a refusal writes nothing), the version is recorded on the namespace with the same
 * compare-and-swap, then the release is upgraded (one new revision). When helm fails, the
 * namespace records the old version again, so the next option change does not upgrade by the
 * back door; the failed revision stays in helm's history and a rollback returns to `fromRevision`.
 */
export async function upgradeVClusterChart(deps: LifecycleDeps, input: ChartUpgradeInput): Promise<ChartUpgradeResult> {
  const { client } = deps;
  const { ref, namespace } = await resolveVCluster(client, input.tenant.name, input.name);
  await authorizeTenant(client, input.actor, 'update', ref);
  const state = storedState(namespace);
  if (state.terminating) throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is being deleted.`);
  if (!state.values || state.imported) {
    throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' was not created by Cubby from a template; upgrade its chart with the tool that installed it.`);
  }
  if (!creationComplete(namespace)) throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' is still being created.`);
  const fromVersion = state.chartVersion ?? configuredChartVersion(deps.chart);
  const before = (await releaseHistory({ client, chart: deps.chart }, ref))?.at(-1);
  if (fromVersion === input.chartVersion && before) {
    return { ref, fromVersion, toVersion: input.chartVersion, fromRevision: before.revision, releaseRevision: before.revision, changed: false, renderMs: 0 };
  }
  const values = state.values;
  const rendered = await renderChart({ release: ref.name, namespace: ref.namespace, values, chartVersion: input.chartVersion }, deps.chart);
  const objects = await prepareVClusterObjects(client, input.tenant, ref, rendered.objects);
  await assertClusterObjectsFree(client, ref, objects.all);

  const generation = String(Number(state.optionsGeneration) + 1);
  await compareAndSwap(client, ref, state.optionsGeneration, {
    [ANNOTATION_CHART_VERSION]: rendered.chart.version,
    [ANNOTATION_OPTIONS_GENERATION]: generation,
  });
  try {
    const { releaseRevision } = await applyRecorded(deps, input.tenant, ref, { generation, objects });
    return { ref, fromVersion, toVersion: rendered.chart.version, fromRevision: before?.revision, releaseRevision, changed: true, renderMs: rendered.durationMs };
  } catch (error) {
    await compareAndSwap(client, ref, generation, {
      [ANNOTATION_CHART_VERSION]: fromVersion,
      [ANNOTATION_OPTIONS_GENERATION]: String(Number(generation) + 1),
    }).catch(() => undefined);
    throw error;
  }
}

export interface ChartRollbackInput {
  tenant: Tenant;
  name: string;
  /** The revision to return to (the one before the upgrade). */
  revision: number;
  /** The revision the upgrade made: refused when the release has moved on since (an option change). */
  expectedRevision?: number;
  actor: Actor;
}

/**
 * Returns a vCluster to an earlier revision of its release with `helm rollback` (helm restores
 * that revision's chart, values and manifest; Cubby writes none of helm's records), then records
 * that revision's chart version. Refused while paused (the old manifest would scale it up) and
 * when the release has moved on since the upgrade (the rollback would undo that change too).
 */
export async function rollbackVClusterChart(deps: LifecycleDeps, input: ChartRollbackInput): Promise<{ ref: VClusterRef; releaseRevision: number; chartVersion: string }> {
  const { client } = deps;
  const { ref, namespace } = await resolveVCluster(client, input.tenant.name, input.name);
  await authorizeTenant(client, input.actor, 'update', ref);
  const state = storedState(namespace);
  if (state.terminating) throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is being deleted.`);
  if (!state.values || state.imported) throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' was not created by Cubby from a template.`);
  if (await pausedReplicas(client, ref)) throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' is paused; resume it before rolling it back.`);
  const ctx = { client, chart: deps.chart, pendingStaleMs: deps.helmPendingStaleMs };
  const revisions = (await releaseHistory(ctx, ref)) ?? [];
  const target = revisions.find((r) => r.revision === input.revision);
  const last = revisions.at(-1);
  if (!target || !last || target.revision >= last.revision) {
    throw new VClusterError(409, 'conflict', `vCluster '${ref.name}': its Helm release has no earlier revision ${input.revision} to return to.`);
  }
  if (input.expectedRevision !== undefined && last.revision !== input.expectedRevision) {
    throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' changed since its upgrade (its release is at revision ${last.revision}, not ${input.expectedRevision}); a rollback would undo that change too.`);
  }
  const chartVersion = chartVersionOfLabel(target.chart);
  if (!chartVersion) throw new VClusterError(500, 'render_failed', `helm names the chart of revision ${target.revision} '${target.chart}', which has no version`);
  const releaseRevision = await rollbackRelease(ctx, ref, target.revision);
  // The values did not change with the upgrade, so the record only needs the version back.
  const generation = String(Number(state.optionsGeneration) + 1);
  await compareAndSwap(client, ref, state.optionsGeneration, {
    [ANNOTATION_CHART_VERSION]: chartVersion,
    [ANNOTATION_OPTIONS_GENERATION]: generation,
    [ANNOTATION_APPLIED_GENERATION]: generation,
  });
  return { ref, releaseRevision, chartVersion };
}

/**
 * Brings a vCluster's objects to the values its namespace records: the recovery for a change
 * that stopped between recording and applying (`changeIncomplete`). Authorisation is the
 * caller's (use the service account after an admin check, or call changeVClusterOptions).
 */
export async function reapplyVCluster(
  deps: LifecycleDeps,
  tenant: Tenant,
  name: string,
): Promise<{ ref: VClusterRef; pruned: ObjectRefEntry[]; releaseRevision: number }> {
  const { ref, namespace } = await resolveVCluster(deps.client, tenant.name, name);
  if (!storedState(namespace).values) {
    throw new VClusterError(409, 'unsupported', `vCluster '${name}' has no recorded values to apply.`);
  }
  return { ref, ...(await applyRecorded(deps, tenant, ref)) };
}

function staleVersion(ref: VClusterRef, current: string): VClusterError {
  return new VClusterError(
    409,
    'conflict',
    `The options of vCluster '${ref.name}' were changed by someone else (now version ${current}); reload and apply your change again.`,
    { currentVersion: current },
  );
}

const annotationPath = (key: string) => `/metadata/annotations/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/** One atomic JSON patch: only if the options generation is still `expected`. */
async function compareAndSwap(client: KubeClient, ref: VClusterRef, expected: string, annotations: Record<string, string>): Promise<void> {
  const patch = [
    { op: 'test', path: annotationPath(ANNOTATION_OPTIONS_GENERATION), value: expected },
    ...Object.entries(annotations).map(([key, value]) => ({ op: 'add', path: annotationPath(key), value })),
  ];
  try {
    await client.patch(ResourceTypes.Namespace, ref.namespace, undefined, patch, 'json');
  } catch (error) {
    // A failed `test` is a 422; make sure that is what happened before calling it a conflict.
    if (error instanceof KubeError && error.status === 422) {
      const now = storedState(await client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace)).optionsGeneration;
      if (now !== expected) throw staleVersion(ref, now);
    }
    throw error;
  }
}

/**
 * Applies what the namespace records, until the generation it applied is still the newest when
 * it is done. `first` saves a second render when the caller has just rendered that generation.
 */
async function applyRecorded(
  deps: LifecycleDeps,
  tenant: Tenant,
  ref: VClusterRef,
  first?: { generation: string; objects: VClusterObjects },
): Promise<{ pruned: ObjectRefEntry[]; releaseRevision: number }> {
  const { client } = deps;
  const pruned: ObjectRefEntry[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const namespace = await client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace);
    const state = storedState(namespace);
    const generation = state.optionsGeneration;
    let objects: VClusterObjects;
    if (attempt === 0 && first && first.generation === generation) {
      objects = first.objects;
    } else {
      const rendered = await renderChart({ release: ref.name, namespace: ref.namespace, values: state.values as ChartValues, chartVersion: state.chartVersion }, deps.chart);
      objects = await prepareVClusterObjects(client, tenant, ref, rendered.objects);
    }
    const current = objects.all.map(refOf);
    await recordObjects(client, ref, unionRefs(state.objects, current));
    const release = await writeVClusterObjects(deps, {
      ref,
      objects,
      values: state.values as ChartValues,
      statefulSetReplicas: await pausedReplicas(client, ref),
      chartVersion: state.chartVersion,
    });
    const stale = staleRefs(state.objects, current);
    await deleteRefs(client, stale, ref);
    pruned.push(...stale);
    if (await markApplied(client, ref, generation, current)) return { pruned, releaseRevision: release.revision };
  }
  throw new Error(`vCluster ${ref.tenant}/${ref.name}: options kept changing while being applied; apply again`);
}

/**
 * A paused vCluster stays paused: the chart's replica count must not scale it back up (helm's
 * three-way merge would), so the release's StatefulSet keeps 0 replicas while paused.
 */
async function pausedReplicas(client: KubeClient, ref: VClusterRef): Promise<Record<string, number> | undefined> {
  const live = await client.find<V1StatefulSet>(ResourceTypes.StatefulSet, ref.name, ref.namespace);
  return live?.metadata?.annotations?.[PAUSED_ANNOTATION] === 'true' ? { [ref.name]: 0 } : undefined;
}

/** Records refs on the namespace; a compare-and-swap on the previous record so none is lost. */
async function recordObjects(client: KubeClient, ref: VClusterRef, refs: ObjectRefEntry[]): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const namespace = await client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace);
    const before = namespace.metadata?.annotations?.[ANNOTATION_OBJECTS];
    const merged = JSON.stringify(unionRefs(storedState(namespace).objects, refs));
    if (before === merged) return;
    const patch =
      before === undefined
        ? [{ op: 'add', path: annotationPath(ANNOTATION_OBJECTS), value: merged }]
        : [
            { op: 'test', path: annotationPath(ANNOTATION_OBJECTS), value: before },
            { op: 'add', path: annotationPath(ANNOTATION_OBJECTS), value: merged },
          ];
    try {
      await client.patch(ResourceTypes.Namespace, ref.namespace, undefined, patch, 'json');
      return;
    } catch (error) {
      if (!(error instanceof KubeError && error.status === 422)) throw error;
    }
  }
  throw new Error(`vCluster ${ref.tenant}/${ref.name}: could not record its objects (concurrent changes)`);
}

/** Marks `generation` applied if it is still the newest; false when another change came in. */
async function markApplied(client: KubeClient, ref: VClusterRef, generation: string, current: ObjectRefEntry[]): Promise<boolean> {
  const patch = [
    { op: 'test', path: annotationPath(ANNOTATION_OPTIONS_GENERATION), value: generation },
    { op: 'add', path: annotationPath(ANNOTATION_OBJECTS), value: JSON.stringify(current) },
    { op: 'add', path: annotationPath(ANNOTATION_APPLIED_GENERATION), value: generation },
  ];
  try {
    await client.patch(ResourceTypes.Namespace, ref.namespace, undefined, patch, 'json');
    return true;
  } catch (error) {
    if (!(error instanceof KubeError && error.status === 422)) throw error;
    const now = storedState(await client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace)).optionsGeneration;
    if (now === generation) throw error;
    return false;
  }
}

/**
 * What a tenant has asked for over time: later fields win, and a node selector replaces the
 * earlier one whole (it is either `all` or `labels`, never both).
 */
export function mergeRequestedOptions(previous: unknown, next: SyncOptions): SyncOptions {
  let base: SyncOptions = {};
  try {
    base = parseSyncOptions(previous ?? {});
  } catch {
    // An unreadable record is replaced by what was asked now.
  }
  const out: SyncOptions = { ...base, ...next };
  if (base.nodeSync || next.nodeSync) out.nodeSync = { ...base.nodeSync, ...next.nodeSync };
  return out;
}
