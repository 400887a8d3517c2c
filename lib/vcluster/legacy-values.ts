// Importing a values file written for the pre-0.20 chart layout.
//
// The 0.20 chart moved sync settings under `sync.toHost` / `sync.fromHost`, and its schema
// (`additionalProperties: false`) rejects the old keys outright, so users with old files hit a
// wall. This maps the old sync keys whose new home is documented (vcluster-facts.md) and lists
// every other key it does not understand by its path, with its value, instead of dropping it:
// the caller decides whether to refuse the import or show it as a warning.

import { parse as parseYaml } from 'yaml';
import { labelKeyProblems, labelValueProblems } from './label-syntax';
import {
  type ChartValues,
  type ValuesPath,
  assertSafeKeys,
  cloneValues,
  deepEqual,
  formatPath,
  getPath,
  hasPath,
  isPlainObject,
  leafEntries,
  setPath,
} from './values-tree';

/**
 * Top-level keys of the v0.20+ layout (`properties` of values.schema.json in chart 0.36.1).
 * Keys outside this set cannot be valid in the new layout, so they are reported; keys inside it
 * pass through and helm's schema judges their contents.
 */
export const CURRENT_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'global',
  'exportKubeConfig',
  'sync',
  'integrations',
  'deploy',
  'networking',
  'policies',
  'controlPlane',
  'privateNodes',
  'rbac',
  'plugins',
  'experimental',
  'telemetry',
  'serviceCIDR',
  'pro',
  'plugin',
  'logging',
  'sleep',
  'snapshots',
  'deletion',
  'platform',
]);

/** The only keys `sync` may have in the new layout. */
const CURRENT_SYNC_KEYS: ReadonlySet<string> = new Set(['toHost', 'fromHost']);

export interface MappedKey {
  /** Old dotted path. */
  from: string;
  /** New dotted path. */
  to: string;
  value: unknown;
  note?: string;
}

export interface UnmappedKey {
  path: string;
  value: unknown;
  reason: string;
}

export interface LegacyImportResult {
  /** Values in the new layout: mapped keys moved, unmapped old keys removed (see `unmapped`). */
  values: ChartValues;
  mapped: MappedKey[];
  unmapped: UnmappedKey[];
  /** Whether the input used any pre-0.20 key at all. */
  legacy: boolean;
}

/** A 400: the file is not YAML, or not a mapping at the top. */
export class ValuesFileError extends Error {
  readonly status = 400;
  readonly code = 'invalid_values_file';
  constructor(message: string) {
    super(message);
    this.name = 'ValuesFileError';
  }
}

const OLD_SYNC_NODES_PATH = ['sync', 'nodes'] as const;
const OLD_SYNC_INGRESSES_PATH = ['sync', 'ingresses'] as const;
const NEW = {
  ingresses: ['sync', 'toHost', 'ingresses', 'enabled'],
  ingressClasses: ['sync', 'fromHost', 'ingressClasses', 'enabled'],
  nodesEnabled: ['sync', 'fromHost', 'nodes', 'enabled'],
  nodesAll: ['sync', 'fromHost', 'nodes', 'selector', 'all'],
  nodesLabels: ['sync', 'fromHost', 'nodes', 'selector', 'labels'],
  nodesSyncBack: ['sync', 'fromHost', 'nodes', 'syncBackChanges'],
} as const satisfies Record<string, ValuesPath>;

/** Parses a values file (YAML or JSON text) or takes an already-parsed object. */
export function readValuesFile(input: string | unknown): ChartValues {
  let parsed: unknown = input;
  if (typeof input === 'string') {
    try {
      parsed = parseYaml(input);
    } catch (error) {
      throw new ValuesFileError(`The values file is not valid YAML: ${(error as Error).message}`);
    }
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new ValuesFileError('The values file must be a mapping of keys to values.');
  try {
    assertSafeKeys(parsed);
  } catch (error) {
    throw new ValuesFileError((error as Error).message);
  }
  return cloneValues(parsed);
}

/** True when the values use any key the new layout cannot contain. */
export function isLegacyValues(values: unknown): boolean {
  if (!isPlainObject(values)) return false;
  if (Object.keys(values).some((key) => !CURRENT_TOP_LEVEL_KEYS.has(key))) return true;
  const sync = values.sync;
  return isPlainObject(sync) && Object.keys(sync).some((key) => !CURRENT_SYNC_KEYS.has(key));
}

/**
 * Maps a pre-0.20 values file to the new layout:
 *   sync.ingresses.enabled   -> sync.toHost.ingresses.enabled
 *                               (+ sync.fromHost.ingressClasses.enabled when true: the old ingress
 *                               sync also synced IngressClasses from the host)
 *   sync.nodes.enabled       -> sync.fromHost.nodes.enabled
 *   sync.nodes.syncAllNodes  -> sync.fromHost.nodes.selector.all
 *   sync.nodes.nodeSelector  -> sync.fromHost.nodes.selector.labels ("a=b,c=d" -> {a: b, c: d})
 *   sync.nodes.syncNodeChanges -> sync.fromHost.nodes.syncBackChanges
 *   sync.nodes.fakeKubeletIPs -> networking.advanced.proxyKubelets.byIP
 *   sync.KEY.enabled (services, configmaps, ...) -> sync.toHost/fromHost.NEWKEY.enabled, see
 *                               RENAMED_SYNC_KEYS; fake-nodes / fake-persistentvolumes on ->
 *                               the real ones off
 * Everything else that cannot be in the new layout is listed in `unmapped` (leaf by leaf) and
 * left out of `values`. When the file also sets the new key to a different value, the new key
 * wins and the old one is reported as a conflict.
 */
export function importLegacyValues(input: string | unknown): LegacyImportResult {
  const source = readValuesFile(input);
  const values: ChartValues = {};
  const mapped: MappedKey[] = [];
  const unmapped: UnmappedKey[] = [];

  const report = (path: ValuesPath, value: unknown, reason: string) => {
    for (const leaf of leafEntries(value, () => false, path)) {
      unmapped.push({ path: formatPath(leaf.path), value: leaf.value, reason });
    }
  };

  // Copy what the new layout can hold first, so the file's own new keys win conflicts.
  for (const [key, value] of Object.entries(source)) {
    if (key === 'sync') continue;
    if (CURRENT_TOP_LEVEL_KEYS.has(key)) values[key] = value;
    else report([key], value, 'not a key of the v0.20+ values layout; no automatic mapping');
  }
  const sync = source.sync;
  if (sync !== undefined && !isPlainObject(sync)) {
    report(['sync'], sync, "'sync' must be a mapping");
  } else if (isPlainObject(sync)) {
    for (const key of CURRENT_SYNC_KEYS) if (Object.hasOwn(sync, key)) setPath(values, ['sync', key], sync[key]);
  }

  const write = (from: ValuesPath, to: ValuesPath, value: unknown, note?: string) => {
    if (hasPath(values, to) && !deepEqual(getPath(values, to), value)) {
      unmapped.push({
        path: formatPath(from),
        value,
        reason: `conflict: the file also sets ${formatPath(to)} to ${JSON.stringify(getPath(values, to))}, which is kept`,
      });
      return;
    }
    setPath(values, to, cloneValues(value));
    mapped.push({ from: formatPath(from), to: formatPath(to), value, ...(note ? { note } : {}) });
  };

  if (isPlainObject(sync)) {
    for (const [key, value] of Object.entries(sync)) {
      if (CURRENT_SYNC_KEYS.has(key)) continue;
      if (key === 'ingresses') mapIngresses(value, write, report);
      else if (key === 'nodes') mapNodes(value, write, report);
      else if (Object.hasOwn(RENAMED_SYNC_KEYS, key)) mapRenamed(key, value, write, report);
      else if (Object.hasOwn(FAKE_SYNC_KEYS, key)) mapFake(key, value, write, report);
      else report(['sync', key], value, 'pre-0.20 sync key with no documented v0.20+ equivalent');
    }
  }

  return { values, mapped, unmapped, legacy: mapped.length > 0 || unmapped.length > 0 };
}

/**
 * Old `sync.KEY` switches with a new home, as upstream's own migration (config/legacyconfig,
 * v0.36.1) maps them: `{enabled}` moves, and for configmaps/secrets `all` too.
 */
const RENAMED_SYNC_KEYS: Record<string, { to: ValuesPath; extra?: readonly string[] }> = {
  services: { to: ['sync', 'toHost', 'services'] },
  configmaps: { to: ['sync', 'toHost', 'configMaps'], extra: ['all'] },
  secrets: { to: ['sync', 'toHost', 'secrets'], extra: ['all'] },
  endpoints: { to: ['sync', 'toHost', 'endpoints'] },
  pods: { to: ['sync', 'toHost', 'pods'] },
  persistentvolumeclaims: { to: ['sync', 'toHost', 'persistentVolumeClaims'] },
  persistentvolumes: { to: ['sync', 'toHost', 'persistentVolumes'] },
  storageclasses: { to: ['sync', 'toHost', 'storageClasses'] },
  priorityclasses: { to: ['sync', 'toHost', 'priorityClasses'] },
  networkpolicies: { to: ['sync', 'toHost', 'networkPolicies'] },
  poddisruptionbudgets: { to: ['sync', 'toHost', 'podDisruptionBudgets'] },
  serviceaccounts: { to: ['sync', 'toHost', 'serviceAccounts'] },
  events: { to: ['sync', 'fromHost', 'events'] },
  ingressclasses: { to: ['sync', 'fromHost', 'ingressClasses'] },
  hoststorageclasses: { to: ['sync', 'fromHost', 'storageClasses'] },
  csinodes: { to: ['sync', 'fromHost', 'csiNodes'] },
  csidrivers: { to: ['sync', 'fromHost', 'csiDrivers'] },
  csistoragecapacities: { to: ['sync', 'fromHost', 'csiStorageCapacities'] },
};

/** Old "fake" switches: fake objects on means the real ones are not synced. */
const FAKE_SYNC_KEYS: Record<string, { to: ValuesPath; what: string }> = {
  'fake-nodes': { to: NEW.nodesEnabled, what: 'real host nodes' },
  'fake-persistentvolumes': { to: ['sync', 'toHost', 'persistentVolumes', 'enabled'], what: 'persistent volumes to the host' },
};

type Write = (from: ValuesPath, to: ValuesPath, value: unknown, note?: string) => void;
type Report = (path: ValuesPath, value: unknown, reason: string) => void;

function mapIngresses(value: unknown, write: Write, report: Report): void {
  if (!isPlainObject(value)) {
    report(OLD_SYNC_INGRESSES_PATH, value, "'sync.ingresses' must be a mapping");
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const from = [...OLD_SYNC_INGRESSES_PATH, key];
    if (key !== 'enabled') {
      report(from, item, 'no documented v0.20+ equivalent');
    } else if (typeof item !== 'boolean') {
      report(from, item, 'expected true or false');
    } else {
      write(from, NEW.ingresses, item);
      if (item) {
        write(
          from,
          NEW.ingressClasses,
          true,
          'pre-0.20 ingress sync also synced IngressClasses from the host; kept that behaviour',
        );
      }
    }
  }
}

function mapNodes(value: unknown, write: Write, report: Report): void {
  if (!isPlainObject(value)) {
    report(OLD_SYNC_NODES_PATH, value, "'sync.nodes' must be a mapping");
    return;
  }
  const booleans: Record<string, ValuesPath> = {
    enabled: NEW.nodesEnabled,
    syncAllNodes: NEW.nodesAll,
    syncNodeChanges: NEW.nodesSyncBack,
    fakeKubeletIPs: ['networking', 'advanced', 'proxyKubelets', 'byIP'],
  };
  for (const [key, item] of Object.entries(value)) {
    const from = [...OLD_SYNC_NODES_PATH, key];
    const target = booleans[key];
    if (target !== undefined) {
      if (typeof item === 'boolean') write(from, target, item);
      else report(from, item, 'expected true or false');
    } else if (key === 'nodeSelector') {
      const parsed = parseNodeSelector(item);
      if (parsed.ok) {
        if (Object.keys(parsed.labels).length > 0) write(from, NEW.nodesLabels, parsed.labels);
      } else {
        report(from, item, parsed.reason);
      }
    } else {
      report(from, item, 'no documented v0.20+ equivalent');
    }
  }
}

/**
 * Parses the old `nodeSelector` string, "a=b,c=d". Only equality terms map onto a label map;
 * set-based terms (`in`, `!=`, `!a`) have no equivalent, so they are refused, not guessed.
 */
export function parseNodeSelector(
  input: unknown,
): { ok: true; labels: Record<string, string> } | { ok: false; reason: string } {
  if (typeof input !== 'string') return { ok: false, reason: 'expected a string such as "a=b,c=d"' };
  if (/[()]/.test(input)) {
    return { ok: false, reason: `'${input}' uses set-based terms (in/notin), which a label map cannot express` };
  }
  const labels: Record<string, string> = {};
  for (const rawTerm of input.split(',')) {
    const term = rawTerm.trim();
    if (term === '') continue;
    const at = term.indexOf('=');
    if (at <= 0 || term.includes('!=') || term.includes('==')) {
      return { ok: false, reason: `'${term}' is not a 'key=value' term; only equality terms can become labels` };
    }
    const key = term.slice(0, at).trim();
    const val = term.slice(at + 1).trim();
    const problems = [...labelKeyProblems(key), ...labelValueProblems(val)];
    if (problems.length > 0) return { ok: false, reason: problems[0]! };
    if (Object.hasOwn(labels, key) && labels[key] !== val) {
      return { ok: false, reason: `label '${key}' is given twice with different values` };
    }
    labels[key] = val;
  }
  return { ok: true, labels };
}

function mapRenamed(key: string, value: unknown, write: Write, report: Report): void {
  const from: ValuesPath = ['sync', key];
  if (!isPlainObject(value)) {
    report(from, value, `'sync.${key}' must be a mapping`);
    return;
  }
  const { to, extra = [] } = RENAMED_SYNC_KEYS[key]!;
  for (const [field, item] of Object.entries(value)) {
    if (field !== 'enabled' && !extra.includes(field)) report([...from, field], item, 'no documented v0.20+ equivalent');
    else if (typeof item !== 'boolean') report([...from, field], item, 'expected true or false');
    else write([...from, field], [...to, field], item);
  }
}

function mapFake(key: string, value: unknown, write: Write, report: Report): void {
  const from: ValuesPath = ['sync', key];
  if (!isPlainObject(value)) {
    report(from, value, `'sync.${key}' must be a mapping`);
    return;
  }
  const { to, what } = FAKE_SYNC_KEYS[key]!;
  for (const [field, item] of Object.entries(value)) {
    if (field !== 'enabled') report([...from, field], item, 'no documented v0.20+ equivalent');
    else if (typeof item !== 'boolean') report([...from, field], item, 'expected true or false');
    // Fake off says nothing about the real ones: upstream maps only `true`.
    else if (item) write([...from, field], to, false, `fake ${key.replace('fake-', '')} on: no ${what}`);
  }
}
