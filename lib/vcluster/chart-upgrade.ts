import 'server-only';
// "Upgrade vClusters" on a template (issue 14 item 2): the template's vClusters are moved to the
// template's chart version one at a time (upgradeVClusterChart, the option-change path), the run
// stops at the first failure, and each upgraded vCluster can be rolled back to the revision it
// had (rollbackVClusterChart, `helm rollback`).
//
// Where progress lives: on each vCluster's host namespace, annotation `cubby.dev/chart-upgrade`
// (JSON: run id, from, to, state, reason, revisions, who, when), not in the server's memory. So a
// page reload, or another Cubby server behind the same Service, shows the same progress: the
// namespaces are in every server's host cache and their changes reach browsers over the change
// stream. Not on the template: every progress write would change the template's resourceVersion
// and make an admin's open template form conflict.
//
// One run per template at a time: a run claims its vClusters by writing `queued` on each with a
// resourceVersion precondition, and a start is refused (409) while another run's record is
// queued or upgrading and was written less than STALE_MS ago. The server that started a run
// carries it out; if that server dies, its records stop moving and, after STALE_MS, read as
// "interrupted": starting again picks up every vCluster that is not on the new version yet (a
// release left pending by the killed helm is settled by helm-release.ts).
import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { randomUUID } from 'node:crypto';
import { upgradeVClusterChart, rollbackVClusterChart, type ChartUpgradeResult } from './change-options';
import { ChartVersionUnavailableError, configuredChartVersion, resolveChart } from './chart-source';
import { releaseHistory } from './helm-release';
import { ANNOTATION_CHART_UPGRADE, LABEL_TENANT, type NamespaceMetaLike, creationComplete, storedState } from './host-metadata';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError } from './lifecycle-error';
import { isPlainObject } from './values-tree';

export const CHART_UPGRADE_STATES = ['queued', 'upgrading', 'done', 'failed', 'stopped', 'rolled-back'] as const;
export type ChartUpgradeState = (typeof CHART_UPGRADE_STATES)[number];

/** A run's record on one vCluster's namespace. */
export interface ChartUpgradeRecord {
  run: string;
  template: string;
  from: string;
  to: string;
  state: ChartUpgradeState;
  /** Why it failed, or why it did not start (stopped). */
  reason?: string;
  /** The release revision before the upgrade: what a rollback returns to. */
  fromRevision?: number;
  /** The revision the upgrade (or the rollback) made. */
  revision?: number;
  /** Position in the run, from 1. */
  position: number;
  by: string;
  at: string;
}

/** How long a queued or upgrading record may go unwritten before it counts as interrupted. */
export const STALE_MS = 5 * 60_000;

export function parseChartUpgrade(text: string | undefined): ChartUpgradeRecord | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const { run, template, from, to, state, by, at, position } = value;
  if (typeof run !== 'string' || typeof template !== 'string' || typeof from !== 'string' || typeof to !== 'string') return undefined;
  if (typeof state !== 'string' || !(CHART_UPGRADE_STATES as readonly string[]).includes(state) || typeof by !== 'string' || typeof at !== 'string') return undefined;
  const record: ChartUpgradeRecord = { run, template, from, to, state: state as ChartUpgradeState, by, at, position: typeof position === 'number' ? position : 0 };
  if (typeof value.reason === 'string') record.reason = value.reason;
  if (typeof value.fromRevision === 'number') record.fromRevision = value.fromRevision;
  if (typeof value.revision === 'number') record.revision = value.revision;
  return record;
}

export function chartUpgradeOf(namespace: NamespaceMetaLike): ChartUpgradeRecord | undefined {
  return parseChartUpgrade(namespace.metadata?.annotations?.[ANNOTATION_CHART_UPGRADE]);
}

/** Queued or upgrading and still being written: a run is at work on it. */
export function isLive(record: ChartUpgradeRecord | undefined, now = Date.now()): boolean {
  return record !== undefined && (record.state === 'queued' || record.state === 'upgrading') && now - Date.parse(record.at) < STALE_MS;
}

/** What the page shows: the recorded state, or `interrupted` for a live state nobody writes any more. */
export function displayedState(record: ChartUpgradeRecord, now = Date.now()): ChartUpgradeState | 'interrupted' {
  return (record.state === 'queued' || record.state === 'upgrading') && !isLive(record, now) ? 'interrupted' : record.state;
}

/** The chart version a template's vClusters should run. */
export function templateChartVersion(deps: LifecycleDeps, template: Template): string {
  return template.spec.chartVersion ?? configuredChartVersion(deps.chart);
}

async function templateNamespaces(client: KubeClient, template: string): Promise<V1Namespace[]> {
  const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: LABEL_TENANT });
  return list.items
    .filter((ns) => storedState(ns).template === template)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

export interface StartChartUpgradeInput {
  template: Template;
  /** The admin starting it (recorded; the audit record is the caller's). */
  by: string;
  /** The tenants, to upgrade with (their vClusters' labels name them). */
  tenants: readonly Tenant[];
}

export interface ChartUpgradeRun {
  run: string;
  template: string;
  to: string;
  items: Array<{ tenant: string; name: string; namespace: string; from: string }>;
}

/**
 * Claims the template's vClusters that are not on its version yet (`queued`) and returns the
 * run; `carryOut` then does the work. 409 while another run is at work on this template; a run
 * with nothing to do is returned with no items.
 */
export async function startChartUpgrade(deps: LifecycleDeps, input: StartChartUpgradeInput): Promise<ChartUpgradeRun> {
  const { client } = deps;
  const to = templateChartVersion(deps, input.template);
  // A version no source has is the admin's mistake: 400 before anything is written.
  await resolveChart(deps.chart, to).catch((error: unknown) => {
    if (error instanceof ChartVersionUnavailableError) throw new VClusterError(400, 'invalid_input', error.message, { field: 'chartVersion' });
    throw error;
  });
  const namespaces = await templateNamespaces(client, input.template.name);
  const busy = namespaces.find((ns) => isLive(chartUpgradeOf(ns)));
  if (busy) {
    const record = chartUpgradeOf(busy)!;
    throw new VClusterError(409, 'conflict', `An upgrade of template '${input.template.name}' to ${record.to}, started by ${record.by}, is still running; wait for it to finish.`);
  }
  const tenants = new Set(input.tenants.map((t) => t.name));
  const targets = namespaces.filter((ns) => {
    const state = storedState(ns);
    if (state.terminating || state.imported || !state.values || !creationComplete(ns) || !state.tenant || !tenants.has(state.tenant)) return false;
    return (state.chartVersion ?? configuredChartVersion(deps.chart)) !== to;
  });
  const run = randomUUID();
  const at = new Date().toISOString();
  const claimed: V1Namespace[] = [];
  try {
    for (const [index, ns] of targets.entries()) {
      const state = storedState(ns);
      const record: ChartUpgradeRecord = {
        run,
        template: input.template.name,
        from: state.chartVersion ?? configuredChartVersion(deps.chart),
        to,
        state: 'queued',
        position: index + 1,
        by: input.by,
        at,
      };
      // The resourceVersion makes it a compare-and-swap: a second run claiming at the same time
      // (another server) fails here on the namespaces the first one claimed.
      await client.patch(ResourceTypes.Namespace, ns.metadata!.name!, undefined, {
        metadata: { resourceVersion: ns.metadata!.resourceVersion, annotations: { [ANNOTATION_CHART_UPGRADE]: JSON.stringify(record) } },
      });
      claimed.push(ns);
    }
  } catch (error) {
    // Give back what was claimed: their earlier records return.
    for (const ns of claimed) {
      await client
        .patch(ResourceTypes.Namespace, ns.metadata!.name!, undefined, { metadata: { annotations: { [ANNOTATION_CHART_UPGRADE]: ns.metadata?.annotations?.[ANNOTATION_CHART_UPGRADE] ?? null } } })
        .catch(() => undefined);
    }
    if (error instanceof KubeError && error.status === 409) {
      throw new VClusterError(409, 'conflict', `Another upgrade of template '${input.template.name}' started at the same time; reload to see it.`);
    }
    throw error;
  }
  return {
    run,
    template: input.template.name,
    to,
    items: targets.map((ns) => {
      const state = storedState(ns);
      return { tenant: state.tenant!, name: state.name!, namespace: ns.metadata!.name!, from: state.chartVersion ?? configuredChartVersion(deps.chart) };
    }),
  };
}

/** Writes the run's record on a namespace if it is still this run's; false when another run took it. */
async function writeRecord(client: KubeClient, namespace: string, run: string, change: Partial<ChartUpgradeRecord>): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const ns = await client.find<V1Namespace>(ResourceTypes.Namespace, namespace);
    const record = ns && chartUpgradeOf(ns);
    if (!ns || !record || record.run !== run) return false;
    const next: ChartUpgradeRecord = { ...record, ...change, at: new Date().toISOString() };
    try {
      await client.patch(ResourceTypes.Namespace, namespace, undefined, {
        metadata: { resourceVersion: ns.metadata!.resourceVersion, annotations: { [ANNOTATION_CHART_UPGRADE]: JSON.stringify(next) } },
      });
      return true;
    } catch (error) {
      // Someone else wrote the namespace meanwhile (an option change, the host cache's owner): read again.
      if (!(error instanceof KubeError && error.status === 409)) throw error;
    }
  }
  throw new Error(`could not record the chart upgrade of namespace ${namespace} (it kept changing)`);
}

export interface CarryOutOptions {
  /** Wraps each vCluster's upgrade, e.g. in an audit record. */
  each?: (item: ChartUpgradeRun['items'][number], upgrade: () => Promise<ChartUpgradeResult>) => Promise<ChartUpgradeResult>;
}

export interface CarryOutResult {
  done: number;
  failed?: { tenant: string; name: string; reason: string };
  stopped: number;
}

/**
 * Upgrades the run's vClusters in order: `upgrading`, then `done` with the revisions, or
 * `failed` with the reason, after which every vCluster still queued is `stopped` and keeps its
 * version. A vCluster another run has taken over meanwhile ends this run too.
 */
export async function carryOutChartUpgrade(deps: LifecycleDeps, run: ChartUpgradeRun, tenants: readonly Tenant[], options: CarryOutOptions = {}): Promise<CarryOutResult> {
  const { client } = deps;
  const byName = new Map(tenants.map((t) => [t.name, t]));
  let done = 0;
  for (const [index, item] of run.items.entries()) {
    // The revision to return to, recorded before helm runs: a failed upgrade can be rolled back too.
    const fromRevision = (await releaseHistory({ client, chart: deps.chart }, { tenant: item.tenant, name: item.name, namespace: item.namespace }).catch(() => undefined))?.at(-1)?.revision;
    if (!(await writeRecord(client, item.namespace, run.run, { state: 'upgrading', fromRevision }))) {
      return { done, stopped: await stopRest(client, run, index + 1, 'not started: another upgrade run took this template over') };
    }
    try {
      const tenant = byName.get(item.tenant);
      if (!tenant) throw new VClusterError(409, 'conflict', `tenant '${item.tenant}' no longer exists`);
      const upgrade = () => upgradeVClusterChart(deps, { tenant, name: item.name, chartVersion: run.to, actor: 'service-account' });
      const result = await (options.each ? options.each(item, upgrade) : upgrade());
      await writeRecord(client, item.namespace, run.run, { state: 'done', fromRevision: result.fromRevision, revision: result.releaseRevision, from: result.fromVersion });
      done++;
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      await writeRecord(client, item.namespace, run.run, { state: 'failed', reason }).catch(() => undefined);
      const stopped = await stopRest(client, run, index + 1, `not started: the upgrade of ${item.tenant}/${item.name} failed`);
      return { done, failed: { tenant: item.tenant, name: item.name, reason }, stopped };
    }
  }
  return { done, stopped: 0 };
}

async function stopRest(client: KubeClient, run: ChartUpgradeRun, from: number, reason: string): Promise<number> {
  let stopped = 0;
  for (const item of run.items.slice(from)) {
    if (await writeRecord(client, item.namespace, run.run, { state: 'stopped', reason }).catch(() => false)) stopped++;
  }
  return stopped;
}

/**
 * Rolls one vCluster of a run back to the revision it had before (`helm rollback`), and records
 * it. Only a vCluster the run upgraded (done) or tried to (failed, when helm left a revision).
 */
export async function rollbackChartUpgrade(
  deps: LifecycleDeps,
  input: { tenant: Tenant; name: string; template: string },
): Promise<{ releaseRevision: number; chartVersion: string }> {
  const { client } = deps;
  const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: `${LABEL_TENANT}=${input.tenant.name},cubby.dev/vcluster=${input.name}` });
  const ns = list.items[0];
  const record = ns && chartUpgradeOf(ns);
  if (!ns || !record || record.template !== input.template) {
    throw new VClusterError(404, 'not_found', `vCluster ${input.tenant.name}/${input.name} was not upgraded from template '${input.template}'.`);
  }
  if ((record.state !== 'done' && record.state !== 'failed') || record.fromRevision === undefined) {
    throw new VClusterError(409, 'conflict', `vCluster ${input.tenant.name}/${input.name} has no upgrade to roll back (it is ${record.state}).`);
  }
  const result = await rollbackVClusterChart(deps, {
    tenant: input.tenant,
    name: input.name,
    revision: record.fromRevision,
    expectedRevision: record.state === 'done' ? record.revision : undefined,
    actor: 'service-account',
  });
  await writeRecord(client, ns.metadata!.name!, record.run, { state: 'rolled-back', revision: result.releaseRevision, reason: undefined });
  return result;
}
