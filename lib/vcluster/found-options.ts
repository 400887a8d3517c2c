import 'server-only';
// Changing the sync options of a vCluster Cubby did not make (issue 14 item 3): one installed by
// helm or the vcluster CLI, then assigned to a tenant by an admin. It has no Cubby record of its
// values and no template, so:
// - its values are what it runs with, from its config Secret `vc-config-NAME` (`config.yaml`);
// - the options a tenant may change are those any of the tenant's templates allows (the union):
//   an admin who lets the tenant turn ingress sync on for the vClusters it creates lets it do so
//   for the ones it was given; the rest stay as the installer set them;
// - the change is `helm upgrade NAME <its chart, at the release's current version> --reuse-values`
//   with only the changed option values on top (so the installer's other values stay) and
//   Cubby's post-renderer (Cubby's labels join the chart objects; a paused vCluster stays at 0);
// - the checks run first on a `helm template` of the values it would run with (the chart's
//   schema, a cluster-scoped name another vCluster holds), and nothing is written when one fails;
// - lost updates: the caller names the options version it read (`cubby.dev/options-generation`
//   on the namespace, 0 until the first change), which moves with a resourceVersion precondition.
import type { V1Namespace, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Tenant } from '@/lib/tenancy/model';
import { prepareVClusterObjects, releaseLabels } from './apply-objects';
import type { ChangeOptionsResult } from './change-options';
import { mergeTenantOptions } from './chart-values';
import { renderChart } from './chart-render';
import { resolveChart } from './chart-source';
import { assertClusterObjectsFree } from './cluster-scoped-owner';
import { releaseChart, releaseUserValues, upgradeReusingValues } from './helm-release';
import { KUBELET_PROXY_PATH } from './kubelet-proxy';
import { ANNOTATION_OPTIONS_GENERATION, storedState } from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError } from './lifecycle-error';
import { PAUSED_ANNOTATION } from './status';
import { type AllowedOptions, type EffectiveSyncOptions, type SyncOptions, syncOptionsFromValues } from './sync-options';
import { type Actor, authorizeTenant } from './tenant-authorization';
import { type ChartValues, cloneValues, deepEqual, getPath, hasPath, isPlainObject, setPath } from './values-tree';
import { type VClusterRef, resolveVCluster } from './vcluster-ref';

export interface FoundOptionsInput {
  tenant: Tenant;
  name: string;
  /** What the tenant may change: the union of its templates' allowed options. */
  allowed: AllowedOptions;
  options: unknown;
  expectedVersion: string;
  actor: Actor;
}

/** What an option change answers, as for a vCluster Cubby made; helm prunes, so nothing is listed. */
export type FoundOptionsResult = Omit<ChangeOptionsResult, 'pruned'> & { pruned: [] };

/** The union of the allowed options of the tenant's templates (a template that is gone allows nothing). */
export function unionOfAllowedOptions(allowedLists: ReadonlyArray<AllowedOptions>): AllowedOptions {
  return [...new Set(allowedLists.flat())];
}

/** The values the vCluster runs with, from its config Secret. */
export async function runningValues(client: KubeClient, ref: VClusterRef): Promise<ChartValues> {
  const secret = await client.find<V1Secret>(ResourceTypes.Secret, `vc-config-${ref.name}`, ref.namespace);
  const text = secret?.data?.['config.yaml'];
  if (!text) throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' has no config Secret vc-config-${ref.name}, so Cubby cannot tell what it runs with.`);
  const values: unknown = parseYaml(Buffer.from(text, 'base64').toString('utf8'));
  if (!isPlainObject(values)) throw new VClusterError(409, 'unsupported', `vc-config-${ref.name} holds no values Cubby can read.`);
  return values;
}

/**
 * The values to put on top of the release's with `--reuse-values`: only what the options write.
 * helm merges maps key by key, so a key of a map option (node selector labels) that the new map
 * no longer has is set to null, which is how helm deletes it.
 */
export function reuseOverlay(current: ChartValues, merged: ChartValues, paths: ReadonlyArray<readonly string[]>): ChartValues {
  const overlay: ChartValues = {};
  for (const path of paths) {
    const next = getPath(merged, [...path]);
    const before = hasPath(current, [...path]) ? getPath(current, [...path]) : undefined;
    let value = cloneValues(next);
    if (isPlainObject(before) && isPlainObject(next)) {
      const withDeletes: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const key of Object.keys(before)) if (!(key in next)) withDeletes[key] = null;
      value = withDeletes;
    }
    setPath(overlay, [...path], value);
  }
  return overlay;
}

/** Paths Cubby filled in beside the options (the kubelet proxy for node sync) where they differ. */
function filledDefaults(current: ChartValues, merged: ChartValues): string[][] {
  const path = [...KUBELET_PROXY_PATH];
  return deepEqual(getPath(current, path), getPath(merged, path)) ? [] : [path];
}

export async function changeFoundVClusterOptions(deps: LifecycleDeps, input: FoundOptionsInput): Promise<FoundOptionsResult> {
  const { client } = deps;
  const { ref, namespace } = await resolveVCluster(client, input.tenant.name, input.name);
  await authorizeTenant(client, input.actor, 'update', ref);
  const state = storedState(namespace);
  if (state.terminating) throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is being deleted.`);
  if (!state.imported) throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' was made by Cubby; change its options the usual way.`);
  if (input.expectedVersion !== state.optionsGeneration) throw staleVersion(ref, state.optionsGeneration);

  const ctx = { client, chart: deps.chart, pendingStaleMs: deps.helmPendingStaleMs };
  const release = await releaseChart(ctx, ref);
  if (!release) {
    throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' is not a Helm release (it was applied as plain manifests), so Cubby cannot upgrade it; change it with the tool that made it.`);
  }
  const chart = await resolveChart(deps.chart, release.version).catch(() => {
    throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' runs chart ${release.name} ${release.version}, which Cubby cannot get; change it with the tool that installed it.`);
  });
  if (chart.name !== release.name) {
    throw new VClusterError(409, 'unsupported', `vCluster '${ref.name}' was installed from chart '${release.name}', not Cubby's '${chart.name}'; change it with the tool that installed it.`);
  }

  const current = await runningValues(client, ref);
  // The config Secret holds every value, defaults included: what the installer chose is helm's record.
  const chosen = await releaseUserValues(ctx, ref);
  const merged = mergeTenantOptions({ baseValues: current, options: input.options, allowed: input.allowed, chosen });
  if (deepEqual(merged.values, current)) {
    return { ref, version: state.optionsGeneration, changed: false, requested: merged.options, effective: syncOptionsFromValues(current), renderMs: 0, pruned: [] };
  }
  // Every check on a render of what it would run with, before anything is written.
  const rendered = await renderChart({ release: ref.name, namespace: ref.namespace, values: merged.values, chartVersion: release.version }, deps.chart);
  const objects = await prepareVClusterObjects(client, input.tenant, ref, rendered.objects);
  await assertClusterObjectsFree(client, ref, objects.all);

  const version = String(Number(state.optionsGeneration) + 1);
  try {
    await client.patch(ResourceTypes.Namespace, ref.namespace, undefined, {
      metadata: { resourceVersion: namespace.metadata?.resourceVersion, annotations: { [ANNOTATION_OPTIONS_GENERATION]: version } },
    });
  } catch (error) {
    if (error instanceof KubeError && error.status === 409) {
      const now = storedState(await client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace)).optionsGeneration;
      if (now !== state.optionsGeneration) throw staleVersion(ref, now);
      throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' changed while its options were being changed; try again.`);
    }
    throw error;
  }
  const live = await client.find<V1StatefulSet>(ResourceTypes.StatefulSet, ref.name, ref.namespace);
  const paused = live?.metadata?.annotations?.[PAUSED_ANNOTATION] === 'true';
  const result = await upgradeReusingValues(ctx, {
    ref,
    values: reuseOverlay(current, merged.values, [...merged.assignments.map((a) => a.path), ...filledDefaults(current, merged.values)]),
    chartVersion: release.version,
    labels: releaseLabels(ref.tenant, ref.name),
    statefulSetReplicas: paused ? { [ref.name]: 0 } : undefined,
  });
  return {
    ref,
    version,
    changed: true,
    requested: merged.options,
    effective: syncOptionsFromValues(merged.values),
    renderMs: rendered.durationMs,
    pruned: [],
    releaseRevision: result.revision,
  };
}

function staleVersion(ref: VClusterRef, current: string): VClusterError {
  return new VClusterError(
    409,
    'conflict',
    `The options of vCluster '${ref.name}' were changed by someone else (now version ${current}); reload and apply your change again.`,
    { currentVersion: current },
  );
}
