import 'server-only';
// A Cubby vCluster as a real Helm release: install, upgrade, uninstall and recovery go through the
// helm binary itself, so `helm list`, `helm get values`, `helm upgrade --reuse-values`,
// `helm uninstall`, `vcluster delete` and `vcluster create --upgrade` all find the release that
// Cubby made. Cubby never writes helm's release Secrets (`sh.helm.release.v1.*`); it only reads
// them through `helm history`.
//
// Choices, and why:
// - `helm upgrade --install RELEASE CHARTDIR -n NS --reset-values -f VALUES --post-renderer node
//   --post-renderer-args helm-post-renderer.mjs --post-renderer-args --label=K=V ...`: one command
//   for the first install, a resumed install and every option change. `--reset-values` because
//   Cubby always passes the complete values it records: without it helm reuses the last release's
//   values when the file is empty (`{}`), and the release would drift from Cubby's record.
// - The post-renderer adds Cubby's labels (tenant, vCluster) to every chart object, as
//   prepareObjects did for applied objects, so they are part of the release manifest and survive
//   a `helm rollback`. `app.kubernetes.io/managed-by` is NOT Cubby's on chart objects: helm sets it
//   to `Helm` (its ownership mark, which the vcluster CLI checks too). A paused vCluster's
//   StatefulSet keeps 0 replicas through an upgrade (the post-renderer sets them), since helm's
//   three-way merge would otherwise scale it back to the chart's count.
// - No `--wait`: Cubby's status views already watch the rollout, and a request must not hang on
//   a control plane that takes minutes to start.
// - Credentials: helm gets those of Cubby's own client, from a 0600 kubeconfig written from the
//   loaded KubeConfig into a private temp directory and removed afterwards. In a pod (the client
//   loaded from the service account) that file names the token file and CA, so helm reads the
//   rotated token just as Cubby does.
// - A release left `pending-*` (a helm killed mid-operation) blocks every later helm operation
//   ("another operation is in progress"). A pending revision younger than `pendingStaleMs` may be
//   another Cubby replica's live operation, so it is waited for; an older one is settled through
//   helm itself: `helm rollback` to the last deployed revision, or, with none (an install that
//   never finished), `helm uninstall` of the half-made release, after which the install starts
//   over. `helm uninstall` deletes whatever its manifest names, whoever holds it now, so it is not
//   run on a release whose manifest names another vCluster's cluster-scoped object (an install
//   that lost a race for a name the chart cut); Cubby's owner-checked delete cleans up instead.
// - Adoption: vClusters made by earlier Cubby versions (objects applied with server-side apply,
//   no release) get helm's ownership metadata (`app.kubernetes.io/managed-by=Helm`,
//   `meta.helm.sh/release-name`, `meta.helm.sh/release-namespace`) patched onto those of their
//   chart objects that are live and theirs (namespaced in their own namespace; cluster-scoped only
//   when cluster-scoped-owner.ts says they are this vCluster's), and are then installed as a
//   release, which takes them over. `--take-ownership` is never used: helm's own ownership check
//   stays a guard against taking another release's cluster-scoped objects.
// - helm's install renders for the server's real Kubernetes version; `helm template` in
//   chart-render.ts renders for a fixed one (RENDER_KUBE_VERSION) and stays what every check runs
//   on, so checks do not depend on which API server answers.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { stringify as stringifyYaml } from 'yaml';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { parseManifests } from './chart-render';
import { type ChartSettings, defaultChartSettings, resolveChart } from './chart-source';
import { claimClusterObject, clusterObjectBelongsTo } from './cluster-scoped-owner';
import { type HelmRun, runHelm } from './helm-command';
import { VClusterError } from './lifecycle-error';
import type { ChartValues } from './values-tree';
import type { VClusterRef } from './vcluster-ref';

export const HELM_MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const HELM_MANAGED_BY = 'Helm';
export const HELM_RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const HELM_RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';

/** How old a pending revision must be before Cubby takes it for abandoned. */
export const DEFAULT_PENDING_STALE_MS = 30_000;

export interface ReleaseContext {
  /** Cubby's own client: helm acts with its credentials. */
  client: KubeClient;
  chart?: ChartSettings;
  /** See DEFAULT_PENDING_STALE_MS. */
  pendingStaleMs?: number;
}

export interface ReleaseRevision {
  revision: number;
  /** deployed, superseded, failed, pending-install, pending-upgrade, pending-rollback, uninstalling, ... */
  status: string;
  updated: string;
  chart: string;
  description?: string;
}

export interface InstallInput {
  ref: VClusterRef;
  values: ChartValues;
  /** Added to every chart object's metadata by the post-renderer. */
  labels: Record<string, string>;
  /** StatefulSet replicas to force (a paused vCluster: `{ [name]: 0 }`). */
  statefulSetReplicas?: Record<string, number>;
  /**
   * The chart objects of this render (prepared, as `helm template` gave them): when there is no
   * release yet, those of them that are live and this vCluster's are adopted into it; free
   * cluster-scoped names among them are claimed before helm runs (claimClusterObjects).
   */
  adoptable?: readonly KubernetesObject[];
  /** The chart version to install (chart-source.ts); the configured one when omitted. */
  chartVersion?: string;
}

export interface InstallResult {
  revision: number;
  /** What was done about an earlier pending revision before installing, if anything. */
  recovered?: 'rolled-back' | 'uninstalled';
  helmMs: number;
}

/** The post-renderer script; `CUBBY_HELM_POST_RENDERER` overrides where it is found. */
export function postRendererScript(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.CUBBY_HELM_POST_RENDERER ?? join(process.cwd(), 'lib/vcluster/helm-post-renderer.mjs'));
}

/** helm's arguments for an install or upgrade (exported for the unit test). */
export function upgradeInstallArgs(input: {
  release: string;
  namespace: string;
  chartDir: string;
  valuesFile: string;
  nodeBinary: string;
  postRenderer: string;
  labels: Record<string, string>;
  statefulSetReplicas?: Record<string, number>;
  /**
   * `reset` (Cubby's own releases): the values file is the complete values. `reuse` (a release
   * someone else installed): the file holds only what changes, on top of the release's values,
   * and there must be a release already.
   */
  values?: 'reset' | 'reuse';
}): string[] {
  const reuse = input.values === 'reuse';
  const args = [
    'upgrade', ...(reuse ? [] : ['--install']), input.release, input.chartDir,
    '--namespace', input.namespace,
    reuse ? '--reuse-values' : '--reset-values',
    '--values', input.valuesFile,
    '--post-renderer', input.nodeBinary,
    '--post-renderer-args', input.postRenderer,
  ];
  for (const [key, value] of Object.entries(input.labels)) args.push('--post-renderer-args', `--label=${key}=${value}`);
  for (const [name, count] of Object.entries(input.statefulSetReplicas ?? {})) {
    args.push('--post-renderer-args', `--statefulset-replicas=${name}=${count}`);
  }
  return args;
}

/**
 * Runs helm with Cubby's credentials: a private kubeconfig file for the duration of the call
 * (none in a pod, where helm uses the service account), and writable helm home directories.
 */
export type Helm = (args: string[], input?: string) => Promise<HelmRun>;

export async function withHelm<T>(ctx: ReleaseContext, run: (helm: Helm) => Promise<T>): Promise<T> {
  const settings = ctx.chart ?? defaultChartSettings();
  const dir = mkdtempSync(join(tmpdir(), 'cubby-helm-'));
  chmodSync(dir, 0o700);
  try {
    const helmHome = join(settings.cacheDir, '.helm');
    const env: Record<string, string | undefined> = {
      HELM_CACHE_HOME: process.env.HELM_CACHE_HOME ?? join(helmHome, 'cache'),
      HELM_CONFIG_HOME: process.env.HELM_CONFIG_HOME ?? join(helmHome, 'config'),
      HELM_DATA_HOME: process.env.HELM_DATA_HOME ?? join(helmHome, 'data'),
      // The release record lives in the vCluster's namespace as helm's default Secret storage.
      HELM_DRIVER: 'secret',
      HELM_NAMESPACE: undefined,
      HELM_KUBECONTEXT: undefined,
    };
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, helmKubeconfig(ctx.client.kubeConfig), { mode: 0o600 });
    env.KUBECONFIG = file;
    // Variables set to undefined are left out of helm's environment (node's spawn skips them).
    return await run((args, input) => runHelm(settings.helmBinary, args, { env, input, timeoutMs: 120_000, cwd: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The kubeconfig helm runs with. client-node keeps an in-cluster service account as an
 * `auth-provider: tokenFile`, which helm's client-go does not know; kubeconfig's own `tokenFile`
 * and `certificate-authority` say the same. Any other credentials are exported as loaded.
 */
export function helmKubeconfig(kc: KubeConfig): string {
  const user = kc.getCurrentUser();
  const cluster = kc.getCurrentCluster();
  const tokenFile = user?.authProvider?.name === 'tokenFile' ? (user.authProvider.config?.tokenFile as string | undefined) : undefined;
  if (!tokenFile || !cluster) return kc.exportConfig();
  return stringifyYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'host', cluster: { server: cluster.server, ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : {}), ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}) } }],
    users: [{ name: 'cubby', user: { tokenFile } }],
    contexts: [{ name: 'host', context: { cluster: 'host', user: 'cubby' } }],
    'current-context': 'host',
  });
}

/** The release's revisions, oldest first; undefined when there is no release. */
export async function releaseHistory(ctx: ReleaseContext, ref: VClusterRef): Promise<ReleaseRevision[] | undefined> {
  return withHelm(ctx, async (helm) => history(helm, ref));
}

async function history(helm: Helm, ref: VClusterRef): Promise<ReleaseRevision[] | undefined> {
  const run = await helm(['history', ref.name, '--namespace', ref.namespace, '--max', '256', '-o', 'json']);
  if (run.exitCode !== 0) {
    if (/release: not found/i.test(run.stderr)) return undefined;
    throw helmFailed('history', run);
  }
  const parsed = JSON.parse(run.stdout || '[]') as ReleaseRevision[];
  return [...parsed].sort((a, b) => a.revision - b.revision);
}

export function helmFailed(verb: string, run: HelmRun): VClusterError {
  const text = run.stderr.trim() || run.stdout.trim() || `exit code ${run.exitCode}`;
  if (/invalid ownership metadata|exists and cannot be imported/i.test(text)) {
    return new VClusterError(409, 'already_exists', `helm ${verb} refused to take over an object that is not this vCluster's: ${text}`);
  }
  return new VClusterError(500, 'render_failed', `helm ${verb} failed (exit code ${run.exitCode}): ${text}`);
}

const isPending = (status: string | undefined) => status?.startsWith('pending-') ?? false;

interface ReleaseUpgradeInput {
  ref: VClusterRef;
  values: ChartValues;
  chartVersion?: string;
  labels: Record<string, string>;
  statefulSetReplicas?: Record<string, number>;
}

/**
 * The one `helm upgrade` Cubby runs, with its chart and post-renderer resolved: values on stdin
 * (JSON is YAML), as chart-render.ts does, so nothing lands on disk; `reset` to exactly these
 * values (Cubby's own vClusters), `reuse` to put them on top of the release's (a found one).
 */
async function releaseUpgrade(ctx: ReleaseContext, input: ReleaseUpgradeInput): Promise<(helm: Helm, values: 'reset' | 'reuse') => Promise<HelmRun>> {
  const chart = await resolveChart(ctx.chart ?? defaultChartSettings(), input.chartVersion);
  const script = postRendererScript();
  if (!existsSync(script)) throw new Error(`helm post-renderer ${script} is missing (set CUBBY_HELM_POST_RENDERER)`);
  return (helm, values) =>
    helm(
      upgradeInstallArgs({
        release: input.ref.name,
        namespace: input.ref.namespace,
        chartDir: chart.dir,
        valuesFile: '-',
        nodeBinary: process.execPath,
        postRenderer: script,
        labels: input.labels,
        statefulSetReplicas: input.statefulSetReplicas,
        values,
      }),
      JSON.stringify(input.values),
    );
}

/** The revision a successful upgrade made: helm prints it (`REVISION: 2`); asked again only if not. */
async function newRevision(helm: Helm, ref: VClusterRef, run: HelmRun): Promise<number> {
  const printed = /^REVISION: (\d+)$/m.exec(run.stdout)?.[1];
  return printed ? Number(printed) : ((await history(helm, ref))?.at(-1)?.revision ?? 0);
}

/**
 * Installs the release, or upgrades it to `input.values`: one new revision. A pending revision
 * left by an interrupted helm is settled first (see the header); a live one is waited for.
 */
export async function installOrUpgrade(ctx: ReleaseContext, input: InstallInput): Promise<InstallResult> {
  const upgrade = await releaseUpgrade(ctx, input);
  const staleMs = ctx.pendingStaleMs ?? DEFAULT_PENDING_STALE_MS;
  return withHelm(ctx, async (helm) => {
    const started = performance.now();
    let recovered: InstallResult['recovered'];
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 200) throw new Error(`helm release ${input.ref.namespace}/${input.ref.name} stayed busy; try again later`);
      const revisions = await history(helm, input.ref);
      const last = revisions?.at(-1);
      if (revisions && last && isPending(last.status)) {
        const age = Date.now() - Date.parse(last.updated);
        if (age < staleMs && attempt < 120) {
          // Someone's helm is at work on it right now; let it finish.
          await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(100, staleMs - age))));
          continue;
        }
        recovered = await settlePending(ctx.client, helm, input.ref, revisions);
        continue;
      }
      if (!revisions) await adoptChartObjects(ctx.client, input.ref, input.adoptable ?? []);
      await claimClusterObjects(ctx.client, input.ref, input.adoptable ?? []);
      // Values on stdin (JSON is YAML), as chart-render.ts does: nothing on disk.
      const run = await upgrade(helm, 'reset');
      if (run.exitCode === 0) return { revision: await newRevision(helm, input.ref, run), recovered, helmMs: performance.now() - started };
      // Another operation started between our look and our upgrade: look again.
      if (/another operation .* is in progress/i.test(run.stderr) && attempt < 120) continue;
      throw helmFailed('upgrade --install', run);
    }
  });
}

/** Rolls a pending release back to its last deployed revision, or uninstalls one that never deployed. */
async function settlePending(client: KubeClient, helm: Helm, ref: VClusterRef, revisions: ReleaseRevision[]): Promise<'rolled-back' | 'uninstalled'> {
  const good = [...revisions].reverse().find((r) => r.status === 'deployed' || r.status === 'superseded');
  if (good) {
    const run = await helm(['rollback', ref.name, String(good.revision), '--namespace', ref.namespace]);
    if (run.exitCode !== 0) throw helmFailed('rollback', run);
    return 'rolled-back';
  }
  const foreign = await foreignClusterObjects(client, helm, ref);
  if (foreign.length > 0) {
    // Uninstalling would delete them; only an admin's delete of the vCluster can clean this up.
    throw new VClusterError(409, 'already_exists', `vCluster '${ref.name}': its unfinished install names ${foreign.join(', ')}, which belong to another vCluster; delete this vCluster and create it under a shorter name.`);
  }
  const run = await helm(['uninstall', ref.name, '--namespace', ref.namespace]);
  if (run.exitCode !== 0 && !/not found/i.test(run.stderr)) throw helmFailed('uninstall', run);
  return 'uninstalled';
}

/**
 * Uninstalls the release; false when there was none, or when helm must not do it: `helm
 * uninstall` deletes every object of the release's manifest whoever holds it now, so a release
 * whose manifest names a cluster-scoped object that is another vCluster's (an install that lost
 * a race for a name the chart cut, and failed) is left to the caller's owner-checked delete; its
 * record goes with the namespace.
 */
export async function uninstallRelease(ctx: ReleaseContext, ref: VClusterRef): Promise<boolean> {
  return withHelm(ctx, async (helm) => {
    if (!(await history(helm, ref))) return false;
    if ((await foreignClusterObjects(ctx.client, helm, ref)).length > 0) return false;
    const run = await helm(['uninstall', ref.name, '--namespace', ref.namespace]);
    if (run.exitCode !== 0) {
      if (/release: not found/i.test(run.stderr)) return false;
      throw helmFailed('uninstall', run);
    }
    return true;
  });
}

/** `Kind/name` of the live cluster-scoped objects in the release's last manifest that are not this vCluster's. */
async function foreignClusterObjects(client: KubeClient, helm: Helm, ref: VClusterRef): Promise<string[]> {
  const run = await helm(['get', 'manifest', ref.name, '--namespace', ref.namespace]);
  if (run.exitCode !== 0) throw helmFailed('get manifest', run);
  const foreign: string[] = [];
  for (const object of parseManifests(run.stdout)) {
    let type;
    try {
      type = await client.resourceTypeOf(object.apiVersion!, object.kind!);
    } catch (error) {
      if (error instanceof KubeError && error.notFound) continue;
      throw error;
    }
    if (type.namespaced) continue;
    const live = await client.find<KubernetesObject>(type, object.metadata!.name!);
    if (live && !(await clusterObjectBelongsTo(client, { ...live, kind: type.kind }, ref))) foreign.push(`${type.kind}/${object.metadata!.name}`);
  }
  return foreign;
}

/**
 * Creates, in order, each cluster-scoped chart object whose name is still free, with helm's
 * ownership metadata for this release on it (helm adopts it at install), so two racing
 * creations are decided by the first object as with Cubby's own creates
 * (cluster-scoped-owner.ts): the loser gets 409 before its helm runs. A name that is this
 * vCluster's already is left to helm; one that is another's is a 409.
 */
export async function claimClusterObjects(client: KubeClient, ref: VClusterRef, chartObjects: readonly KubernetesObject[]): Promise<void> {
  for (const object of chartObjects) {
    const type = await client.resourceTypeOf(object.apiVersion!, object.kind!);
    if (type.namespaced) continue;
    // Created already marked as the release's, so helm adopts it instead of refusing it.
    const owned: KubernetesObject = {
      ...object,
      metadata: {
        ...object.metadata,
        labels: { ...object.metadata?.labels, [HELM_MANAGED_BY_LABEL]: HELM_MANAGED_BY },
        annotations: { ...object.metadata?.annotations, [HELM_RELEASE_NAME_ANNOTATION]: ref.name, [HELM_RELEASE_NAMESPACE_ANNOTATION]: ref.namespace },
      },
    };
    await claimClusterObject(client, type, owned, ref);
  }
}

/**
 * Puts helm's ownership metadata on the live chart objects of a vCluster that has no release, so
 * the install takes them over instead of failing on "exists and cannot be imported". Only
 * objects that are this vCluster's: namespaced ones in its namespace, cluster-scoped ones that
 * cluster-scoped-owner.ts attributes to it. Returns what was patched.
 */
export async function adoptChartObjects(client: KubeClient, ref: VClusterRef, chartObjects: readonly KubernetesObject[]): Promise<string[]> {
  const adopted: string[] = [];
  for (const object of chartObjects) {
    const type = await client.resourceTypeOf(object.apiVersion!, object.kind!);
    const name = object.metadata!.name!;
    const namespace = type.namespaced ? ref.namespace : undefined;
    const live = await client.find<KubernetesObject>(type, name, namespace);
    if (!live) continue;
    const annotations = live.metadata?.annotations ?? {};
    if (
      live.metadata?.labels?.[HELM_MANAGED_BY_LABEL] === HELM_MANAGED_BY &&
      annotations[HELM_RELEASE_NAME_ANNOTATION] === ref.name &&
      annotations[HELM_RELEASE_NAMESPACE_ANNOTATION] === ref.namespace
    ) {
      continue;
    }
    if (!type.namespaced && !(await clusterObjectBelongsTo(client, { ...live, kind: type.kind }, ref))) continue;
    try {
      await client.patch(type, name, namespace, {
        metadata: {
          labels: { [HELM_MANAGED_BY_LABEL]: HELM_MANAGED_BY },
          annotations: { [HELM_RELEASE_NAME_ANNOTATION]: ref.name, [HELM_RELEASE_NAMESPACE_ANNOTATION]: ref.namespace },
        },
      });
      adopted.push(`${type.kind}/${name}`);
    } catch (error) {
      if (error instanceof KubeError && error.notFound) continue;
      throw error;
    }
  }
  return adopted;
}

/** `vcluster-0.36.1` (helm's chart column) as name and version. */
export function parseChartColumn(chart: string): { name: string; version: string } | undefined {
  const match = /^(.+?)-(v?[0-9]+\.[0-9]+\.[0-9]+.*)$/.exec(chart);
  return match ? { name: match[1]!, version: match[2]! } : undefined;
}

/** The values the installer gave the release (`helm get values`: theirs, not the chart's defaults). */
export async function releaseUserValues(ctx: ReleaseContext, ref: VClusterRef): Promise<ChartValues> {
  return withHelm(ctx, async (helm) => {
    const run = await helm(['get', 'values', ref.name, '--namespace', ref.namespace, '-o', 'json']);
    if (run.exitCode !== 0) throw helmFailed('get values', run);
    const values: unknown = JSON.parse(run.stdout || 'null');
    return values && typeof values === 'object' && !Array.isArray(values) ? (values as ChartValues) : {};
  });
}

/** The chart (name and version) of the release's newest revision; undefined without a release. */
export async function releaseChart(ctx: ReleaseContext, ref: VClusterRef): Promise<{ name: string; version: string; revision: number; status: string } | undefined> {
  const last = (await releaseHistory(ctx, ref))?.at(-1);
  if (!last) return undefined;
  const chart = parseChartColumn(last.chart);
  if (!chart) throw new VClusterError(500, 'render_failed', `helm names the chart of release ${ref.namespace}/${ref.name} '${last.chart}', which has no version`);
  return { ...chart, revision: last.revision, status: last.status };
}

/**
 * `helm rollback` to `revision` (a new revision, a copy of that one): helm itself restores the
 * manifest, values and chart it recorded. Returns the new revision.
 */
export async function rollbackRelease(ctx: ReleaseContext, ref: VClusterRef, revision: number): Promise<number> {
  return withHelm(ctx, async (helm) => {
    const before = await history(helm, ref);
    if (!before) throw new VClusterError(409, 'conflict', `vCluster '${ref.name}' has no Helm release to roll back.`);
    if (!before.some((r) => r.revision === revision)) {
      throw new VClusterError(409, 'conflict', `vCluster '${ref.name}': its Helm release has no revision ${revision} any more.`);
    }
    if (isPending(before.at(-1)?.status)) {
      throw new VClusterError(409, 'conflict', `vCluster '${ref.name}': another helm operation is in progress on its release; try again in a moment.`);
    }
    const run = await helm(['rollback', ref.name, String(revision), '--namespace', ref.namespace]);
    if (run.exitCode !== 0) throw helmFailed('rollback', run);
    return (await history(helm, ref))?.at(-1)?.revision ?? 0;
  });
}

/** `values`: only the values to change; the release's others stay (`--reuse-values`). */
export interface ReuseValuesInput extends ReleaseUpgradeInput {
  chartVersion: string;
}

/**
 * `helm upgrade NAME CHART@version --reuse-values` with `values` on top and Cubby's
 * post-renderer: a change to a release someone else installed (helm, the vcluster CLI) that keeps
 * the installer's other values. The release must exist and not be pending.
 */
export async function upgradeReusingValues(ctx: ReleaseContext, input: ReuseValuesInput): Promise<InstallResult> {
  const upgrade = await releaseUpgrade(ctx, input);
  return withHelm(ctx, async (helm) => {
    const started = performance.now();
    const last = (await history(helm, input.ref))?.at(-1);
    if (!last) throw new VClusterError(409, 'conflict', `vCluster '${input.ref.name}' has no Helm release in ${input.ref.namespace}.`);
    if (isPending(last.status)) {
      throw new VClusterError(409, 'conflict', `vCluster '${input.ref.name}': another helm operation is in progress on its release; try again in a moment.`);
    }
    const run = await upgrade(helm, 'reuse');
    if (run.exitCode !== 0) throw helmFailed('upgrade --reuse-values', run);
    return { revision: await newRevision(helm, input.ref, run), helmMs: performance.now() - started };
  });
}
