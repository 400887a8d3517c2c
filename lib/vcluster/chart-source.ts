import 'server-only';
// Where the vCluster chart comes from: a helm repository (default: the real chart,
// https://charts.loft.sh vcluster 0.36.1), an OCI reference, or a directory on disk. Remote charts
// are pulled once into a cache directory keyed by the source, so every render after the first is
// local, and concurrent first renders share one pull.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { runHelm } from './helm-command';

export const DEFAULT_CHART_REPOSITORY = 'https://charts.loft.sh';
export const DEFAULT_CHART_NAME = 'vcluster';
export const DEFAULT_CHART_VERSION = '0.36.1';

export type ChartSource =
  | { kind: 'directory'; path: string }
  | { kind: 'repository'; repository: string; chart: string; version: string }
  | { kind: 'oci'; reference: string; version: string };

export interface ChartSettings {
  source: ChartSource;
  /** The helm binary: a path, or a name looked up on PATH. */
  helmBinary: string;
  /** Where pulled charts are kept, one subdirectory per source. */
  cacheDir: string;
}

export interface ResolvedChart {
  /** A directory `helm template` can read. */
  dir: string;
  name: string;
  version: string;
}

// An empty variable means "unset", as deployment tools often write them.
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());

const ChartEnv = z
  .object({
    CUBBY_CHART_DIR: optional,
    CUBBY_CHART_OCI: optional.refine((v) => v === undefined || v.startsWith('oci://'), 'must start with oci://'),
    CUBBY_CHART_REPOSITORY: optional.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http(s) URL'),
    CUBBY_CHART_NAME: optional.refine((v) => v === undefined || /^[a-z0-9][a-z0-9._-]*$/i.test(v), 'must be a chart name'),
    CUBBY_CHART_VERSION: optional.refine((v) => v === undefined || /^[0-9A-Za-z.+_-]+$/.test(v), 'must be a chart version'),
    CUBBY_HELM_BIN: optional,
    CUBBY_CHART_CACHE_DIR: optional,
    XDG_CACHE_HOME: optional,
  })
  .superRefine((env, ctx) => {
    if (env.CUBBY_CHART_DIR && env.CUBBY_CHART_OCI) {
      ctx.addIssue({ code: 'custom', path: ['CUBBY_CHART_DIR'], message: 'set either CUBBY_CHART_DIR or CUBBY_CHART_OCI, not both' });
    }
    if (env.CUBBY_CHART_DIR && env.CUBBY_CHART_REPOSITORY) {
      ctx.addIssue({ code: 'custom', path: ['CUBBY_CHART_DIR'], message: 'set either CUBBY_CHART_DIR or CUBBY_CHART_REPOSITORY, not both' });
    }
    if (env.CUBBY_CHART_OCI && env.CUBBY_CHART_REPOSITORY) {
      ctx.addIssue({ code: 'custom', path: ['CUBBY_CHART_OCI'], message: 'set either CUBBY_CHART_OCI or CUBBY_CHART_REPOSITORY, not both' });
    }
  });

export class ChartSourceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartSourceError';
  }
}

/** Chart settings from the environment; throws a message naming the bad variable. */
export function chartSettingsFromEnv(env: Record<string, string | undefined> = process.env): ChartSettings {
  const parsed = ChartEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChartSourceError(`invalid chart setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const version = e.CUBBY_CHART_VERSION ?? DEFAULT_CHART_VERSION;
  let source: ChartSource;
  if (e.CUBBY_CHART_DIR) source = { kind: 'directory', path: resolve(e.CUBBY_CHART_DIR) };
  else if (e.CUBBY_CHART_OCI) source = { kind: 'oci', reference: e.CUBBY_CHART_OCI, version };
  else {
    source = {
      kind: 'repository',
      repository: e.CUBBY_CHART_REPOSITORY ?? DEFAULT_CHART_REPOSITORY,
      chart: e.CUBBY_CHART_NAME ?? DEFAULT_CHART_NAME,
      version,
    };
  }
  const cacheDir = e.CUBBY_CHART_CACHE_DIR ?? join(e.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cubby', 'charts');
  return { source, helmBinary: e.CUBBY_HELM_BIN ?? 'helm', cacheDir: resolve(cacheDir) };
}

let fromEnv: ChartSettings | undefined;

/** The process-wide settings, read once. */
export function defaultChartSettings(): ChartSettings {
  fromEnv ??= chartSettingsFromEnv();
  return fromEnv;
}

/** A stable directory name for a remote source: readable prefix plus a hash of the whole source. */
export function chartCacheKey(source: ChartSource): string {
  const hash = createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 16);
  const label =
    source.kind === 'directory'
      ? 'dir'
      : source.kind === 'repository'
        ? `${source.chart}-${source.version}`
        : `${source.reference.split('/').pop() ?? 'chart'}-${source.version}`;
  return `${label.replace(/[^A-Za-z0-9._-]/g, '_')}-${hash}`;
}

/** The `helm pull` arguments for a remote source (untarred into `into`). */
export function pullArguments(source: Exclude<ChartSource, { kind: 'directory' }>, into: string): string[] {
  const common = ['--version', source.version, '--untar', '--untardir', into];
  return source.kind === 'repository'
    ? ['pull', source.chart, '--repo', source.repository, ...common]
    : ['pull', source.reference, ...common];
}

const inFlight = new Map<string, Promise<ResolvedChart>>();

/**
 * A local directory holding the chart. Remote sources are pulled on first use; later calls, in
 * this process or another one sharing the cache directory, reuse the pulled copy. A failed pull is
 * not remembered, so the next call tries again.
 */
export function resolveChart(settings: ChartSettings = defaultChartSettings()): Promise<ResolvedChart> {
  const key = `${settings.helmBinary}\0${settings.cacheDir}\0${JSON.stringify(settings.source)}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = locate(settings);
    inFlight.set(key, pending);
    pending.catch(() => inFlight.delete(key));
  }
  return pending;
}

/** Forgets resolved charts (tests; a changed cache directory). */
export function forgetResolvedCharts(): void {
  inFlight.clear();
}

async function locate(settings: ChartSettings): Promise<ResolvedChart> {
  const source = settings.source;
  if (source.kind === 'directory') return describeChart(source.path);
  const target = join(settings.cacheDir, chartCacheKey(source));
  if (existsSync(join(target, 'Chart.yaml'))) return describeChart(target);

  mkdirSync(settings.cacheDir, { recursive: true });
  const staging = `${target}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  mkdirSync(staging, { recursive: true });
  try {
    const helmHome = join(settings.cacheDir, '.helm');
    // helm needs writable cache/config dirs; a container's HOME often is not. Settings a user
    // made (registry logins under HELM_CONFIG_HOME) win.
    const env = {
      HELM_CACHE_HOME: process.env.HELM_CACHE_HOME ?? join(helmHome, 'cache'),
      HELM_CONFIG_HOME: process.env.HELM_CONFIG_HOME ?? join(helmHome, 'config'),
      HELM_DATA_HOME: process.env.HELM_DATA_HOME ?? join(helmHome, 'data'),
    };
    const run = await runHelm(settings.helmBinary, pullArguments(source, staging), { env, timeoutMs: 180_000 });
    if (run.exitCode !== 0) {
      throw new ChartSourceError(`helm pull of ${describeSource(source)} failed: ${run.stderr.trim() || `exit code ${run.exitCode}`}`);
    }
    const [entry] = readdirSync(staging, { withFileTypes: true }).filter((d) => d.isDirectory());
    if (!entry) throw new ChartSourceError(`helm pull of ${describeSource(source)} produced no chart directory`);
    try {
      // Rename is atomic: a reader sees either no directory or a complete chart.
      renameSync(join(staging, entry.name), target);
    } catch (error) {
      // Another process finished first; its copy is as good as ours.
      if (!existsSync(join(target, 'Chart.yaml'))) throw error;
    }
    return describeChart(target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function describeChart(dir: string): ResolvedChart {
  const file = join(dir, 'Chart.yaml');
  if (!existsSync(file)) throw new ChartSourceError(`no chart in ${dir} (Chart.yaml is missing)`);
  const chart = parseYaml(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown } | null;
  return { dir, name: String(chart?.name ?? 'unknown'), version: String(chart?.version ?? 'unknown') };
}

export function describeSource(source: ChartSource): string {
  switch (source.kind) {
    case 'directory':
      return `chart directory ${source.path}`;
    case 'repository':
      return `chart ${source.chart} ${source.version} from ${source.repository}`;
    case 'oci':
      return `chart ${source.reference} ${source.version}`;
  }
}
