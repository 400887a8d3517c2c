import 'server-only';
// Where the vCluster chart comes from: a helm repository (default: the real chart,
// https://charts.loft.sh vcluster 0.36.1), an OCI reference, or a directory on disk. Remote charts
// are pulled once into a cache directory keyed by the source, so every render after the first is
// local, and concurrent first renders share one pull.
//
// Several versions (issue 14, chart upgrades): a template may name another version than the
// configured one. A repository or OCI source pulls that version on first use (cached like the
// configured one). Besides, `CUBBY_CHART_VERSIONS_DIR` may hold charts of other versions, for any
// source: each entry a chart directory (keyed by its Chart.yaml's version, whatever the
// directory is called) or a packaged chart `NAME-VERSION.tgz` as `helm package` names it. It is
// read on every lookup, not cached, so a version added there is offered at once (an air-gapped
// mirror; the tests add one at run time). A directory source offers its own chart's version and
// those of the versions directory.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { runHelm } from './helm-command';
import { isChartVersion } from './chart-version';

export { CHART_VERSION_PATTERN, isChartVersion, MAX_CHART_VERSION_LENGTH } from './chart-version';

export const DEFAULT_CHART_REPOSITORY = 'https://charts.loft.sh';
export const DEFAULT_CHART_NAME = 'vcluster';
export const DEFAULT_CHART_VERSION = '0.36.1';

export type ChartSource =
  | { kind: 'directory'; path: string }
  | { kind: 'repository'; repository: string; chart: string; version: string }
  | { kind: 'oci'; reference: string; version: string };

export interface ChartSettings {
  source: ChartSource;
  /** Charts of other versions (see the header); optional. */
  versionsDir?: string;
  /** The helm binary: a path, or a name looked up on PATH. */
  helmBinary: string;
  /** Where pulled charts are kept, one subdirectory per source. */
  cacheDir: string;
}

export interface ResolvedChart {
  /** A chart directory or packaged chart (`.tgz`) that `helm template` and `helm upgrade` can read. */
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
    CUBBY_CHART_VERSIONS_DIR: optional,
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
  return {
    source,
    helmBinary: e.CUBBY_HELM_BIN ?? 'helm',
    cacheDir: resolve(cacheDir),
    ...(e.CUBBY_CHART_VERSIONS_DIR ? { versionsDir: resolve(e.CUBBY_CHART_VERSIONS_DIR) } : {}),
  };
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

/** A version no source offers: the caller's mistake (400), not a failure of Cubby. */
export class ChartVersionUnavailableError extends ChartSourceError {
  constructor(readonly version: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChartVersionUnavailableError';
  }
}

/**
 * The version vClusters get when their template names none: the configured one
 * (`CUBBY_CHART_VERSION`), or a directory source's own chart's.
 */
export function configuredChartVersion(settings: ChartSettings = defaultChartSettings()): string {
  return settings.source.kind === 'directory' ? describeChart(settings.source.path).version : settings.source.version;
}

/** The chart of the versions directory at `version`, if it has one. */
function fromVersionsDir(settings: ChartSettings, version: string): ResolvedChart | undefined {
  const dir = settings.versionsDir;
  if (!dir || !existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && existsSync(join(path, 'Chart.yaml'))) {
      const chart = describeChart(path);
      if (chart.version === version) return chart;
    } else if (entry.isFile() && entry.name.endsWith('.tgz')) {
      const match = /^(.+)-(v?[0-9]+\.[0-9]+\.[0-9]+.*)\.tgz$/.exec(entry.name);
      if (match && match[2] === version) return { dir: path, name: match[1]!, version };
    }
  }
  return undefined;
}

/**
 * The chart at `version` (the configured one when omitted): the configured source itself, the
 * versions directory, or (repository and OCI sources) a pull of that version. A version none of
 * them has is a ChartVersionUnavailableError.
 */
export async function resolveChart(settings: ChartSettings = defaultChartSettings(), version?: string): Promise<ResolvedChart> {
  if (version === undefined || version === configuredChartVersion(settings)) return resolveConfigured(settings, settings.source);
  if (!isChartVersion(version)) throw new ChartVersionUnavailableError(version, `'${version}' is not a chart version (like 0.36.1)`);
  const local = fromVersionsDir(settings, version);
  if (local) return local;
  const source = settings.source;
  if (source.kind === 'directory') {
    throw new ChartVersionUnavailableError(
      version,
      `chart version ${version} is not available: ${describeSource(source)} is version ${configuredChartVersion(settings)}${settings.versionsDir ? `, and ${settings.versionsDir} has no chart of version ${version}` : ' (set CUBBY_CHART_VERSIONS_DIR for more versions)'}`,
    );
  }
  try {
    return await resolveConfigured(settings, { ...source, version });
  } catch (error) {
    if (error instanceof ChartSourceError && !(error instanceof ChartVersionUnavailableError)) {
      throw new ChartVersionUnavailableError(version, `chart version ${version} is not available: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function resolveConfigured(settings: ChartSettings, source: ChartSource): Promise<ResolvedChart> {
  const key = `${settings.helmBinary}\0${settings.cacheDir}\0${JSON.stringify(source)}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = locate({ ...settings, source });
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
