// The sync options a tenant may set, their mapping to chart values (v0.20+ layout), and the
// per-template allow-list.
//
// What tenants may set, and why only this:
//   - ingressSync (`sync.toHost.ingresses.enabled`): tenant Ingresses become host Ingresses in the
//     vCluster's own namespace, served by the host's ingress controller. The host objects live in
//     the tenant's namespace, under its quota; no host RBAC changes.
//   - ingressClassSync (`sync.fromHost.ingressClasses.enabled`): read-only copies of the host's
//     IngressClasses, so tenant Ingresses can name a class. Pre-0.20 ingress sync did this
//     implicitly. Reveals only class names.
//   - nodeSync.enabled / selector.all / selector.labels (`sync.fromHost.nodes.*`): real host nodes
//     instead of fake ones. The chart adds a read-only ClusterRole for nodes; that is host-wide
//     read access, which is why each part sits on the template's allow-list. `selector.labels` is
//     also forced onto synced pods as a nodeSelector, so it can only narrow where pods run.
//   - nodeSync.clearImageStatus (`sync.fromHost.nodes.clearImageStatus`): hides the host's image
//     list from the vCluster; it can only reduce what a tenant sees.
// Deliberately not offered: `nodes.syncBackChanges` (lets the vCluster write labels and taints of
// host nodes), any other toHost resource that creates cluster-scoped or policy objects on the
// host (priorityClasses, storageClasses, persistentVolumes, namespaces, networkPolicies that could
// open an admin's default-deny, podDisruptionBudgets that can block node drains), images,
// resources, security contexts, RBAC, exposure (Service type, ingress host) and every other
// value: those come from the admin's template only.

import { z } from 'zod';
import { labelKeyProblems, labelValueProblems } from './label-syntax';
import {
  type ChartValues,
  type ValuesPath,
  deepEqual,
  formatPath,
  getPath,
  hasPath,
  isPlainObject,
  setPath,
} from './values-tree';

/** The options a template can put on its allow-list, one per tenant-visible switch. */
export const TENANT_OPTION_IDS = [
  'ingressSync',
  'ingressClassSync',
  'nodeSync.enabled',
  'nodeSync.selector.all',
  'nodeSync.selector.labels',
  'nodeSync.clearImageStatus',
] as const;

export type TenantOptionId = (typeof TENANT_OPTION_IDS)[number];

export const TenantOptionIdSchema = z.enum(TENANT_OPTION_IDS);

/** A template's allow-list as stored with the template. */
export const AllowedOptionsSchema = z.array(TenantOptionIdSchema);
export type AllowedOptions = readonly TenantOptionId[];

/** Chart value paths each option writes. The only paths a tenant ever writes. */
export const VALUE_PATHS = {
  ingressSync: ['sync', 'toHost', 'ingresses', 'enabled'],
  ingressClassSync: ['sync', 'fromHost', 'ingressClasses', 'enabled'],
  nodesEnabled: ['sync', 'fromHost', 'nodes', 'enabled'],
  nodesSelectorAll: ['sync', 'fromHost', 'nodes', 'selector', 'all'],
  nodesSelectorLabels: ['sync', 'fromHost', 'nodes', 'selector', 'labels'],
  nodesClearImageStatus: ['sync', 'fromHost', 'nodes', 'clearImageStatus'],
} as const satisfies Record<string, ValuesPath>;

export const TENANT_WRITABLE_PATHS: readonly ValuesPath[] = Object.values(VALUE_PATHS);

/** Chart defaults (values.yaml of 0.36.1) for the paths above, used when values omit them. */
const CHART_DEFAULTS: ReadonlyArray<{ path: ValuesPath; value: unknown }> = [
  { path: VALUE_PATHS.ingressSync, value: false },
  { path: VALUE_PATHS.ingressClassSync, value: false },
  { path: VALUE_PATHS.nodesEnabled, value: false },
  { path: VALUE_PATHS.nodesSelectorAll, value: false },
  { path: VALUE_PATHS.nodesSelectorLabels, value: {} },
  { path: VALUE_PATHS.nodesClearImageStatus, value: false },
];

const LabelMapSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    for (const message of labelKeyProblems(key)) ctx.addIssue({ code: 'custom', message, path: [key] });
    for (const message of labelValueProblems(value)) ctx.addIssue({ code: 'custom', message, path: [key] });
  }
});

export type NodeSelectorOption = { all: boolean } | { labels: Record<string, string> };

/**
 * Either `{ all }` (every host node when true, only nodes running the vCluster's pods when false)
 * or `{ labels }` (host nodes with these labels; also forced onto pods as a nodeSelector). One
 * object with a refinement instead of a zod union, so a bad label key gets its own message
 * rather than a generic "invalid input".
 */
const NodeSelectorSchema = z
  .strictObject({ all: z.boolean().optional(), labels: LabelMapSchema.optional() })
  .superRefine((selector, ctx) => {
    if ((selector.all === undefined) === (selector.labels === undefined)) {
      ctx.addIssue({ code: 'custom', message: "choose either 'all' or 'labels', not both or neither" });
    }
  })
  .transform((selector): NodeSelectorOption =>
    selector.labels !== undefined ? { labels: selector.labels } : { all: selector.all === true },
  );

/**
 * What a tenant sends. Every field is optional: an absent field keeps the template's (or the
 * current) value, so the same schema serves creation and later changes.
 */
export const SyncOptionsSchema = z.strictObject({
  ingressSync: z.boolean().optional(),
  ingressClassSync: z.boolean().optional(),
  nodeSync: z
    .strictObject({
      enabled: z.boolean().optional(),
      selector: NodeSelectorSchema.optional(),
      clearImageStatus: z.boolean().optional(),
    })
    .optional(),
});

export type SyncOptions = z.infer<typeof SyncOptionsSchema>;

/** The effective state with every field filled, as shown to users. */
export interface EffectiveSyncOptions {
  ingressSync: boolean;
  ingressClassSync: boolean;
  nodeSync: {
    enabled: boolean;
    selector: NodeSelectorOption;
    clearImageStatus: boolean;
    /**
     * Labels the syncer forces onto pods as a nodeSelector while `selector.all` shows every host
     * node: what values with both `all: true` and labels mean (e.g. the pre-0.20
     * `syncAllNodes: true` with a `nodeSelector`).
     */
    podNodeSelector?: Record<string, string>;
  };
}

export type OptionsErrorCode = 'invalid_options' | 'option_not_allowed';

/** A 400: the tenant's options are malformed or outside the template's allow-list. */
export class SyncOptionsError extends Error {
  readonly status = 400;
  constructor(
    readonly code: OptionsErrorCode,
    message: string,
    /** The offending option (id or values path), for the API error body. */
    readonly option?: string,
  ) {
    super(message);
    this.name = 'SyncOptionsError';
  }
}

/** Parses tenant input; throws SyncOptionsError naming the first bad field. */
export function parseSyncOptions(input: unknown): SyncOptions {
  const result = SyncOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = [...path, issue.keys[0] ?? ''].join('.');
    throw new SyncOptionsError('invalid_options', `Unknown option '${key}'.`, key);
  }
  const where = path.length > 0 ? path.join('.') : 'options';
  throw new SyncOptionsError('invalid_options', `Invalid option '${where}': ${issue.message}`, where);
}

/** One chart value written on behalf of one option. */
export interface ValueAssignment {
  option: TenantOptionId;
  path: ValuesPath;
  value: unknown;
}

/**
 * The chart values an options object writes, one entry per leaf. Leaves are atomic: a label map
 * replaces the template's map instead of merging into it, otherwise a tenant could never remove
 * a label.
 *
 * Selector semantics: `{ labels }` writes the labels and `all: false` (both attributed to the
 * labels option). `{ all: true }` writes `all: true` and clears labels, attributed to the labels
 * option, so a template that pins nodes by labels but does not allow the labels option rejects
 * it instead of silently dropping the admin's pin. `{ all: false }` only writes `all`, keeping
 * any labels.
 */
export function syncOptionsToAssignments(options: SyncOptions): ValueAssignment[] {
  const out: ValueAssignment[] = [];
  if (options.ingressSync !== undefined) {
    out.push({ option: 'ingressSync', path: VALUE_PATHS.ingressSync, value: options.ingressSync });
  }
  if (options.ingressClassSync !== undefined) {
    out.push({ option: 'ingressClassSync', path: VALUE_PATHS.ingressClassSync, value: options.ingressClassSync });
  }
  const nodes = options.nodeSync;
  if (nodes?.enabled !== undefined) {
    out.push({ option: 'nodeSync.enabled', path: VALUE_PATHS.nodesEnabled, value: nodes.enabled });
  }
  if (nodes?.selector !== undefined) {
    if ('labels' in nodes.selector) {
      out.push({ option: 'nodeSync.selector.labels', path: VALUE_PATHS.nodesSelectorAll, value: false });
      out.push({
        option: 'nodeSync.selector.labels',
        path: VALUE_PATHS.nodesSelectorLabels,
        value: { ...nodes.selector.labels },
      });
    } else {
      out.push({ option: 'nodeSync.selector.all', path: VALUE_PATHS.nodesSelectorAll, value: nodes.selector.all });
      if (nodes.selector.all) {
        out.push({ option: 'nodeSync.selector.labels', path: VALUE_PATHS.nodesSelectorLabels, value: {} });
      }
    }
  }
  if (nodes?.clearImageStatus !== undefined) {
    out.push({
      option: 'nodeSync.clearImageStatus',
      path: VALUE_PATHS.nodesClearImageStatus,
      value: nodes.clearImageStatus,
    });
  }
  return out;
}

/** The chart values fragment for an options object (only the keys it sets). */
export function syncOptionsToValues(options: SyncOptions): ChartValues {
  const values: ChartValues = {};
  for (const { path, value } of syncOptionsToAssignments(options)) setPath(values, path, value);
  return values;
}

/** Value at a tenant path, falling back to the chart default when the values omit it. */
export function effectiveValue(values: unknown, path: ValuesPath): unknown {
  if (hasPath(values, path)) return getPath(values, path);
  return CHART_DEFAULTS.find((entry) => deepEqual(entry.path, path))?.value;
}

/**
 * The options a tenant sees for given chart values (template values, or the values a vCluster
 * was rendered with). Missing keys take the chart's defaults.
 */
export function syncOptionsFromValues(values: unknown): EffectiveSyncOptions {
  const labels = effectiveValue(values, VALUE_PATHS.nodesSelectorLabels);
  const labelMap = isPlainObject(labels)
    ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]))
    : {};
  const hasLabels = Object.keys(labelMap).length > 0;
  // The syncer's rule: `all: true` wins over labels for which nodes show inside; the labels
  // then only pin pods.
  const all = effectiveValue(values, VALUE_PATHS.nodesSelectorAll) === true;
  const selector: NodeSelectorOption = hasLabels && !all ? { labels: labelMap } : { all };
  return {
    ingressSync: effectiveValue(values, VALUE_PATHS.ingressSync) === true,
    ingressClassSync: effectiveValue(values, VALUE_PATHS.ingressClassSync) === true,
    nodeSync: {
      enabled: effectiveValue(values, VALUE_PATHS.nodesEnabled) === true,
      selector,
      clearImageStatus: effectiveValue(values, VALUE_PATHS.nodesClearImageStatus) === true,
      ...(hasLabels && all ? { podNodeSelector: labelMap } : {}),
    },
  };
}

export interface OptionViolation {
  option: TenantOptionId;
  path: string;
  message: string;
}

/**
 * Options the tenant changes although the template does not allow them. A value equal to what
 * `baseValues` already produce is not a change and passes, so a form may send its full state
 * back; without `baseValues` every present option counts as a change.
 */
export function findDisallowedOptions(
  options: SyncOptions,
  allowed: AllowedOptions,
  baseValues?: ChartValues,
): OptionViolation[] {
  const allowedSet = new Set<TenantOptionId>(allowed);
  const violations: OptionViolation[] = [];
  for (const assignment of syncOptionsToAssignments(options)) {
    if (allowedSet.has(assignment.option)) continue;
    if (baseValues !== undefined && deepEqual(effectiveValue(baseValues, assignment.path), assignment.value)) {
      continue;
    }
    if (violations.some((v) => v.option === assignment.option)) continue;
    violations.push({
      option: assignment.option,
      path: formatPath(assignment.path),
      message: `Option '${assignment.option}' is not allowed by this template (it would set ${formatPath(
        assignment.path,
      )} to ${JSON.stringify(assignment.value)}).`,
    });
  }
  return violations;
}

/** Throws a 400 SyncOptionsError naming the first option outside the allow-list. */
export function assertOptionsAllowed(
  options: SyncOptions,
  allowed: AllowedOptions,
  baseValues?: ChartValues,
): void {
  const [first] = findDisallowedOptions(options, allowed, baseValues);
  if (first) throw new SyncOptionsError('option_not_allowed', first.message, first.option);
}
