import 'server-only';
// `helm template` of the vCluster chart into plain objects. helm is the judge of the values: the
// chart's values.schema.json (`additionalProperties: false`) names every key it does not accept,
// and that answer becomes a 400 naming the key in Cubby's dotted form (`sync.ingresses`).
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { type ChartSettings, ChartVersionUnavailableError, defaultChartSettings, resolveChart } from './chart-source';
import { runHelm } from './helm-command';
import { VClusterError } from './lifecycle-error';
import { type ChartValues, isPlainObject } from './values-tree';

/**
 * The Kubernetes version helm renders for. Without it helm assumes its own compiled-in default,
 * and the chart leaves out fields gated on newer versions (the StatefulSet's PVC retention
 * policy needs >= 1.27).
 */
export const RENDER_KUBE_VERSION = '1.36.0';

export interface RenderInput {
  release: string;
  namespace: string;
  values: ChartValues;
  kubeVersion?: string;
  /** The chart version to render (chart-source.ts); the configured one when omitted. */
  chartVersion?: string;
}

export interface RenderResult {
  /** In helm's install order (helm template sorts by kind). */
  objects: KubernetesObject[];
  chart: { name: string; version: string };
  /** Whole render: chart lookup, helm, parsing. */
  durationMs: number;
  /** The helm process alone. */
  helmMs: number;
}

export interface SchemaProblem {
  /** Dotted values path, e.g. `sync.ingresses`; `(root)` for the top level itself. */
  key: string;
  message: string;
}

/** Marker helm prints before schema violations (helm 3.x, both schema libraries it has used). */
const SCHEMA_MARKER = "values don't meet the specifications of the schema";

/** Pre-0.20 keys users still paste; the schema error alone does not tell them where they went. */
const LEGACY_HINTS: Record<string, string> = {
  'sync.ingresses': "the pre-0.20 key; ingress sync is now 'sync.toHost.ingresses.enabled'",
  'sync.nodes': "the pre-0.20 key; node sync is now under 'sync.fromHost.nodes'",
  'sync.persistentvolumes': "the pre-0.20 key; now 'sync.toHost.persistentVolumes'",
  'sync.networkpolicies': "the pre-0.20 key; now 'sync.toHost.networkPolicies'",
};

export async function renderChart(input: RenderInput, settings: ChartSettings = defaultChartSettings()): Promise<RenderResult> {
  const started = performance.now();
  const chart = await resolveChart(settings, input.chartVersion).catch((error: unknown) => {
    if (error instanceof ChartVersionUnavailableError) throw new VClusterError(400, 'invalid_input', error.message, { field: 'chartVersion' });
    throw error;
  });
  const args = [
    'template', input.release, chart.dir,
    '--namespace', input.namespace,
    '--kube-version', input.kubeVersion ?? RENDER_KUBE_VERSION,
    // Values on stdin (JSON is YAML): nothing written to disk, nothing to clean up.
    '--values', '-',
  ];
  const run = await runHelm(settings.helmBinary, args, { input: JSON.stringify(input.values), timeoutMs: 60_000 });
  if (run.exitCode !== 0) throw renderError(run.stderr, run.exitCode);
  const objects = parseManifests(run.stdout);
  return { objects, chart: { name: chart.name, version: chart.version }, durationMs: performance.now() - started, helmMs: run.durationMs };
}

/** Maps helm's stderr to a 400 naming the first offending key, or a 500 for anything else. */
export function renderError(stderr: string, exitCode = 1): VClusterError {
  const text = stderr.trim();
  if (text.includes(SCHEMA_MARKER)) {
    const problems = parseSchemaProblems(text);
    const first = problems[0];
    if (!first) return new VClusterError(400, 'invalid_values', `The chart rejected the values: ${text}`, { problems: [] });
    const hint = LEGACY_HINTS[first.key];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    const message = `The chart does not accept '${first.key}': ${first.message}${hint ? ` (${hint})` : ''}${more}.`;
    return new VClusterError(400, 'invalid_values', message, { key: first.key, problems });
  }
  return new VClusterError(500, 'render_failed', `helm template failed (exit code ${exitCode}): ${text || 'no message'}`);
}

/**
 * Leaf problems of helm's schema report. helm >= 3.18 (jsonschema v6) prints
 * `- at '/sync': additional properties 'ingresses' not allowed` with nested `validation failed`
 * parents; older helm (gojsonschema) printed `- sync: Additional property ingresses is not
 * allowed`. Both are understood. Unknown properties are named with the property appended.
 */
export function parseSchemaProblems(stderr: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const add = (key: string, message: string) => {
    const id = `${key}\0${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    problems.push({ key, message });
  };
  for (const line of stderr.split('\n')) {
    const modern = /^\s*- at '((?:[^']|'')*)': (.+)$/.exec(line);
    if (modern) {
      const path = pointerToPath(modern[1]!);
      const message = modern[2]!.trim();
      if (/^validation failed$/i.test(message)) continue;
      const additional = /^additional propert(?:y|ies) (.+) not allowed$/i.exec(message);
      if (additional) {
        for (const property of quotedNames(additional[1]!)) add(joinKey([...path, property]), message);
        continue;
      }
      const missing = /^missing propert(?:y|ies) (.+)$/i.exec(message);
      if (missing) {
        for (const property of quotedNames(missing[1]!)) add(joinKey([...path, property]), message);
        continue;
      }
      add(joinKey(path), message);
      continue;
    }
    const legacy = /^\s*- ([^\s:][^:]*): (.+)$/.exec(line);
    if (legacy) {
      const field = legacy[1]!.trim();
      const path = field === '(root)' ? [] : field.split('.');
      const message = legacy[2]!.trim();
      const additional = /^Additional property (\S+) is not allowed$/i.exec(message);
      if (additional) add(joinKey([...path, additional[1]!]), message);
      else add(joinKey(path), message);
    }
  }
  return problems;
}

function pointerToPath(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function quotedNames(text: string): string[] {
  const names = [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!);
  return names.length > 0 ? names : text.split(/,\s*/).map((s) => s.trim()).filter(Boolean);
}

function joinKey(path: string[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** helm's multi-document output as objects: empty documents skipped, `List`s flattened. */
export function parseManifests(text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new VClusterError(500, 'render_failed', `helm produced invalid YAML: ${doc.errors[0]!.message}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isPlainObject(value)) {
      throw new VClusterError(500, 'render_failed', 'helm produced a document that is not an object');
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      for (const item of value.items) objects.push(checked(item));
    } else {
      objects.push(checked(value));
    }
  }
  return objects;
}

function checked(value: unknown): KubernetesObject {
  const object = (isPlainObject(value) ? value : {}) as KubernetesObject;
  if (!object.apiVersion || !object.kind || !object.metadata?.name) {
    throw new VClusterError(500, 'render_failed', 'helm produced an object without apiVersion, kind or metadata.name');
  }
  return object;
}
