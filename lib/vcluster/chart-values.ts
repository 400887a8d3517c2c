// Combining an admin template's base values with a tenant's options into the values Cubby
// renders the chart with.
//
// Whether the result fits the chart is helm's job: the real chart ships a values.schema.json
// with `additionalProperties: false`, and `helm template` names the offending key. This module
// does not re-implement that schema. What it does enforce is the trust boundary: a tenant writes
// only the leaves of sync-options.ts, and only those on the template's allow-list.

import { withoutKubeletProxyForNodeSync } from './kubelet-proxy';
import {
  type AllowedOptions,
  type SyncOptions,
  SyncOptionsError,
  TENANT_WRITABLE_PATHS,
  VALUE_PATHS,
  type ValueAssignment,
  assertOptionsAllowed,
  parseSyncOptions,
  syncOptionsToAssignments,
} from './sync-options';
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
 * Helm-style deep merge: objects merge key by key, everything else (scalars, arrays) in
 * `overlay` replaces `base`. Neither input is modified. For layering admin values (chart
 * defaults, template, per-vCluster admin overrides); tenant input goes through
 * `mergeTenantOptions` instead.
 */
export function deepMerge(base: ChartValues, overlay: ChartValues): ChartValues {
  assertSafeKeys(overlay);
  const out = cloneValues(base);
  for (const [key, value] of Object.entries(overlay)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : cloneValues(value);
  }
  return out;
}

export interface TenantMergeInput {
  /** The template's base values (admin-authored, trusted). */
  baseValues: ChartValues;
  /** The tenant's options, unparsed: straight from the request body. */
  options: unknown;
  /** The template's allow-list. */
  allowed: AllowedOptions;
  /**
   * Values someone chose on purpose, for the defaults Cubby fills in (kubelet-proxy.ts): the
   * template's base values, unless given (a found vCluster: what its installer set).
   */
  chosen?: ChartValues;
}

export interface TenantMergeResult {
  values: ChartValues;
  options: SyncOptions;
  /** What the tenant's options wrote, for the audit trail. */
  assignments: ValueAssignment[];
}

/**
 * Validates the tenant's options, checks them against the allow-list (a value equal to the
 * template's is not a change and passes), and writes them into a copy of the base values.
 * Throws SyncOptionsError (400) naming the option on any violation; the base is never modified.
 */
export function mergeTenantOptions(input: TenantMergeInput): TenantMergeResult {
  const options = parseSyncOptions(input.options);
  assertOptionsAllowed(options, input.allowed, input.baseValues);
  const assignments = syncOptionsToAssignments(options);
  const values = cloneValues(input.baseValues);
  for (const { path, value } of assignments) {
    // Defence in depth: the assignments come from a fixed table, but a future option added
    // there without a path here must fail loudly rather than write somewhere unexpected.
    if (!isTenantWritablePath(path)) {
      throw new Error(`internal: option writes non-tenant path ${formatPath(path)}`);
    }
    setPath(values, path, cloneValues(value));
  }
  return { values: withoutKubeletProxyForNodeSync(values, input.chosen ?? input.baseValues), options, assignments };
}

export function isTenantWritablePath(path: ValuesPath): boolean {
  return TENANT_WRITABLE_PATHS.some((allowed) => deepEqual(allowed, path));
}

/**
 * Turns a chart values fragment from a tenant (e.g. an imported values file, after legacy
 * mapping) into options. Any key outside the tenant-writable leaves is rejected with a 400
 * naming the key; the result is then checked against the allow-list like typed options.
 */
export function tenantValuesToOptions(
  fragment: unknown,
  allowed: AllowedOptions,
  baseValues?: ChartValues,
): SyncOptions {
  if (!isPlainObject(fragment)) {
    throw new SyncOptionsError('invalid_options', 'Values must be a mapping of keys to values.');
  }
  assertSafeKeys(fragment);
  for (const { path } of leafEntries(fragment, isTenantWritablePath)) {
    if (!isTenantWritablePath(path)) {
      const key = formatPath(path);
      throw new SyncOptionsError(
        'option_not_allowed',
        `'${key}' cannot be set by tenants; only ${TENANT_WRITABLE_PATHS.map(formatPath).join(', ')} can.`,
        key,
      );
    }
  }

  const raw: Record<string, unknown> = {};
  const take = (path: ValuesPath) => (hasPath(fragment, path) ? getPath(fragment, path) : undefined);
  const ingress = take(VALUE_PATHS.ingressSync);
  if (ingress !== undefined) raw.ingressSync = ingress;
  const ingressClasses = take(VALUE_PATHS.ingressClassSync);
  if (ingressClasses !== undefined) raw.ingressClassSync = ingressClasses;

  const nodeSync: Record<string, unknown> = {};
  const enabled = take(VALUE_PATHS.nodesEnabled);
  if (enabled !== undefined) nodeSync.enabled = enabled;
  const clear = take(VALUE_PATHS.nodesClearImageStatus);
  if (clear !== undefined) nodeSync.clearImageStatus = clear;
  const all = take(VALUE_PATHS.nodesSelectorAll);
  const labels = take(VALUE_PATHS.nodesSelectorLabels);
  if (labels !== undefined) {
    const hasLabels = isPlainObject(labels) && Object.keys(labels).length > 0;
    if (all === true && hasLabels) {
      throw new SyncOptionsError(
        'invalid_options',
        `'${formatPath(VALUE_PATHS.nodesSelectorAll)}' and '${formatPath(
          VALUE_PATHS.nodesSelectorLabels,
        )}' cannot both be set: sync all nodes, or nodes with these labels.`,
        formatPath(VALUE_PATHS.nodesSelectorAll),
      );
    }
    nodeSync.selector = all === true ? { all: true } : { labels };
  } else if (all !== undefined) {
    nodeSync.selector = { all };
  }
  if (Object.keys(nodeSync).length > 0) raw.nodeSync = nodeSync;

  const options = parseSyncOptions(raw);
  assertOptionsAllowed(options, allowed, baseValues);
  return options;
}
