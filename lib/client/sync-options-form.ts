// The sync options as a form edits them, and the request body a form produces: only the options
// the template allows, and only the ones that differ from what is in effect, so an unchanged
// field can never trip the server's allow-list check.
import { labelKeyProblems, labelValueProblems } from '@/lib/vcluster/label-syntax';
import { getPath, isPlainObject } from '@/lib/vcluster/values-tree';
import type { EffectiveSyncOptions, SyncOptions, TenantOptionId } from './api-types';

export type NodeSelectorMode = 'all' | 'pods' | 'labels';

export interface OptionsDraft {
  ingressSync: boolean;
  ingressClassSync: boolean;
  nodeSyncEnabled: boolean;
  nodeSelector: NodeSelectorMode;
  /** `key=value` pairs separated by commas or new lines. */
  labels: string;
  clearImageStatus: boolean;
}

export function draftFromOptions(options: EffectiveSyncOptions): OptionsDraft {
  const selector = options.nodeSync.selector;
  const labels = 'labels' in selector ? selector.labels : {};
  return {
    ingressSync: options.ingressSync,
    ingressClassSync: options.ingressClassSync,
    nodeSyncEnabled: options.nodeSync.enabled,
    nodeSelector: 'labels' in selector ? 'labels' : selector.all ? 'all' : 'pods',
    labels: Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
    clearImageStatus: options.nodeSync.clearImageStatus,
  };
}

/**
 * The options a template's base values give (chart defaults where they say nothing), as
 * lib/vcluster/sync-options.ts `syncOptionsFromValues` computes them. Repeated here because that
 * module builds zod schemas at load time, which would put zod into every page's bundle.
 */
export function templateOptions(baseValues: unknown): EffectiveSyncOptions {
  const at = (...path: string[]) => getPath(baseValues, path);
  const labels = at('sync', 'fromHost', 'nodes', 'selector', 'labels');
  const labelMap = isPlainObject(labels) ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : {};
  const hasLabels = Object.keys(labelMap).length > 0;
  const all = at('sync', 'fromHost', 'nodes', 'selector', 'all') === true;
  return {
    ingressSync: at('sync', 'toHost', 'ingresses', 'enabled') === true,
    ingressClassSync: at('sync', 'fromHost', 'ingressClasses', 'enabled') === true,
    nodeSync: {
      enabled: at('sync', 'fromHost', 'nodes', 'enabled') === true,
      selector: hasLabels && !all ? { labels: labelMap } : { all },
      clearImageStatus: at('sync', 'fromHost', 'nodes', 'clearImageStatus') === true,
      ...(hasLabels && all ? { podNodeSelector: labelMap } : {}),
    },
  };
}

export function parseLabels(text: string): { labels: Record<string, string>; problems: string[] } {
  const labels: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const pair = part.trim();
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      problems.push(`'${pair}' is not key=value.`);
      continue;
    }
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    for (const p of labelKeyProblems(key)) problems.push(`${key}: ${p}`);
    for (const p of labelValueProblems(value)) problems.push(`${key}=${value}: ${p}`);
    labels[key] = value;
  }
  if (problems.length === 0 && Object.keys(labels).length === 0) problems.push('Enter at least one label, e.g. pool=general.');
  return { labels, problems };
}

export interface DraftProblems {
  labels?: string;
}

export function draftProblems(draft: OptionsDraft): DraftProblems {
  if (draft.nodeSyncEnabled && draft.nodeSelector === 'labels') {
    const { problems } = parseLabels(draft.labels);
    if (problems.length > 0) return { labels: problems.join(' ') };
  }
  return {};
}

/** Which choices a form may offer for a template's allow-list. */
export function allowedChoices(allowed: readonly TenantOptionId[]) {
  const set = new Set(allowed);
  return {
    ingressSync: set.has('ingressSync'),
    ingressClassSync: set.has('ingressClassSync'),
    nodeSyncEnabled: set.has('nodeSync.enabled'),
    selectorAll: set.has('nodeSync.selector.all'),
    selectorLabels: set.has('nodeSync.selector.labels'),
    clearImageStatus: set.has('nodeSync.clearImageStatus'),
  };
}

export type AllowedChoices = ReturnType<typeof allowedChoices>;

export function anyChoice(choices: AllowedChoices): boolean {
  return Object.values(choices).some(Boolean);
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** The request's `options`: what the draft changes against `base`, limited to allowed options. */
export function optionsChange(draft: OptionsDraft, base: EffectiveSyncOptions, allowed: readonly TenantOptionId[]): SyncOptions {
  const can = allowedChoices(allowed);
  const change: SyncOptions = {};
  if (can.ingressSync && draft.ingressSync !== base.ingressSync) change.ingressSync = draft.ingressSync;
  if (can.ingressClassSync && draft.ingressClassSync !== base.ingressClassSync) change.ingressClassSync = draft.ingressClassSync;
  const nodes: NonNullable<SyncOptions['nodeSync']> = {};
  if (can.nodeSyncEnabled && draft.nodeSyncEnabled !== base.nodeSync.enabled) nodes.enabled = draft.nodeSyncEnabled;
  if (draft.nodeSyncEnabled) {
    const current = base.nodeSync.selector;
    if (draft.nodeSelector === 'labels' && can.selectorLabels) {
      const { labels } = parseLabels(draft.labels);
      if (!('labels' in current) || !sameLabels(current.labels, labels)) nodes.selector = { labels };
    } else if (draft.nodeSelector !== 'labels' && can.selectorAll) {
      const all = draft.nodeSelector === 'all';
      if ('labels' in current || current.all !== all) nodes.selector = { all };
    }
  }
  if (can.clearImageStatus && draft.clearImageStatus !== base.nodeSync.clearImageStatus) nodes.clearImageStatus = draft.clearImageStatus;
  if (Object.keys(nodes).length > 0) change.nodeSync = nodes;
  return change;
}

export function isEmptyChange(change: SyncOptions): boolean {
  return Object.keys(change).length === 0;
}
