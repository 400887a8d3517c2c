// What Cubby writes on the host about a vCluster, and how to read it back. The host namespace is
// the record (architecture: the host cluster is the database): its labels say whose vCluster it
// is, its annotations hold what creation and later changes need (template, values, the objects
// applied, the options version that guards against lost updates).
import {
  LABEL_MANAGED_BY,
  LABEL_TENANT,
  LABEL_VCLUSTER,
  MANAGED_BY_CUBBY,
} from '@/lib/tenancy/model';
import { tenantLabelsFor } from '@/lib/tenancy/namespace-access';
import type { ChartValues } from './values-tree';
import { isPlainObject } from './values-tree';

export { LABEL_MANAGED_BY, LABEL_TENANT, LABEL_VCLUSTER, MANAGED_BY_CUBBY };

/** Template the vCluster was created from. */
export const ANNOTATION_TEMPLATE = 'cubby.dev/template';
/** User who asked for the creation (the audit trail has the full record). */
export const ANNOTATION_CREATED_BY = 'cubby.dev/created-by';
/** The tenant's options as requested, JSON; shown back in forms. */
export const ANNOTATION_REQUESTED_OPTIONS = 'cubby.dev/requested-options';
/**
 * The values given to helm (template base values plus tenant options), JSON. Changes re-render
 * from these, so an admin's later edit of the template does not silently reach running vClusters.
 */
export const ANNOTATION_VALUES = 'cubby.dev/values';
/** Counts accepted option changes; the caller's expected version. Starts at 1. */
export const ANNOTATION_OPTIONS_GENERATION = 'cubby.dev/options-generation';
/** The options generation whose objects were applied completely; absent while creation runs. */
export const ANNOTATION_APPLIED_GENERATION = 'cubby.dev/applied-generation';
/** Every object applied for this vCluster, JSON list of refs; deletion and pruning read it. */
export const ANNOTATION_OBJECTS = 'cubby.dev/objects';
/**
 * The chart version Cubby installed the release with; option changes keep it, "Upgrade
 * vClusters" (chart-upgrade.ts) moves it. Absent on vClusters made before versions were recorded:
 * those run the configured version.
 */
export const ANNOTATION_CHART_VERSION = 'cubby.dev/chart-version';
/** The vCluster's part in the latest chart upgrade run of its template, JSON (chart-upgrade.ts). */
export const ANNOTATION_CHART_UPGRADE = 'cubby.dev/chart-upgrade';
/** Set when an admin assigned a vCluster found on the host (made by helm or the vcluster CLI). */
export const ANNOTATION_IMPORTED = 'cubby.dev/imported';

/** The labels every host object of a Cubby vCluster carries (the same as tenancy's). */
export function cubbyLabels(tenant: string, name: string): Record<string, string> {
  return tenantLabelsFor(tenant, name);
}

/** A label selector for the objects of one vCluster (or of a tenant, without a name). */
export function cubbySelector(tenant: string, name?: string): string {
  return name === undefined ? `${LABEL_TENANT}=${tenant}` : `${LABEL_TENANT}=${tenant},${LABEL_VCLUSTER}=${name}`;
}

export interface ObjectRefEntry {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
}

export function refKey(ref: ObjectRefEntry): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

export interface NamespaceMetaLike {
  metadata?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: Date | string;
    creationTimestamp?: Date | string;
    resourceVersion?: string;
  };
}

/** What a vCluster's host namespace says about it; everything optional for imported ones. */
export interface StoredVClusterState {
  tenant?: string;
  name?: string;
  template?: string;
  createdBy?: string;
  values?: ChartValues;
  requestedOptions?: unknown;
  /** The version a change must name (`expectedVersion`). */
  optionsGeneration: string;
  appliedGeneration?: string;
  /** ANNOTATION_CHART_VERSION. */
  chartVersion?: string;
  objects: ObjectRefEntry[];
  imported: boolean;
  terminating: boolean;
}

export function storedState(namespace: NamespaceMetaLike): StoredVClusterState {
  const labels = namespace.metadata?.labels ?? {};
  const annotations = namespace.metadata?.annotations ?? {};
  const state: StoredVClusterState = {
    optionsGeneration: annotations[ANNOTATION_OPTIONS_GENERATION] ?? '0',
    objects: parseObjects(annotations[ANNOTATION_OBJECTS]),
    imported: annotations[ANNOTATION_IMPORTED] !== undefined,
    terminating: namespace.metadata?.deletionTimestamp != null,
  };
  if (labels[LABEL_TENANT]) state.tenant = labels[LABEL_TENANT];
  if (labels[LABEL_VCLUSTER]) state.name = labels[LABEL_VCLUSTER];
  if (annotations[ANNOTATION_TEMPLATE]) state.template = annotations[ANNOTATION_TEMPLATE];
  if (annotations[ANNOTATION_CREATED_BY]) state.createdBy = annotations[ANNOTATION_CREATED_BY];
  if (annotations[ANNOTATION_CHART_VERSION]) state.chartVersion = annotations[ANNOTATION_CHART_VERSION];
  if (annotations[ANNOTATION_APPLIED_GENERATION]) state.appliedGeneration = annotations[ANNOTATION_APPLIED_GENERATION];
  const values = parseJson(annotations[ANNOTATION_VALUES]);
  if (isPlainObject(values)) state.values = values;
  const requested = parseJson(annotations[ANNOTATION_REQUESTED_OPTIONS]);
  if (requested !== undefined) state.requestedOptions = requested;
  return state;
}

/** The version a tenant's form must send back with an option change. */
export function optionsVersion(namespace: NamespaceMetaLike): string {
  return storedState(namespace).optionsGeneration;
}

/** Creation finished: every object of the first generation was applied. */
export function creationComplete(namespace: NamespaceMetaLike): boolean {
  return namespace.metadata?.annotations?.[ANNOTATION_APPLIED_GENERATION] !== undefined;
}

/** Whether the last accepted option change has not been applied completely (a crash mid-way). */
export function changeIncomplete(namespace: NamespaceMetaLike): boolean {
  const state = storedState(namespace);
  return state.appliedGeneration !== undefined && state.appliedGeneration !== state.optionsGeneration;
}

export function isCubbyNamespaceOf(namespace: NamespaceMetaLike, tenant: string, name: string): boolean {
  const labels = namespace.metadata?.labels ?? {};
  return labels[LABEL_TENANT] === tenant && labels[LABEL_VCLUSTER] === name;
}

function parseObjects(text: string | undefined): ObjectRefEntry[] {
  const parsed = parseJson(text);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (entry): entry is ObjectRefEntry =>
      isPlainObject(entry) &&
      typeof entry.apiVersion === 'string' &&
      typeof entry.kind === 'string' &&
      typeof entry.name === 'string' &&
      (entry.namespace === undefined || typeof entry.namespace === 'string'),
  );
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited annotation is treated as absent rather than failing every read.
    return undefined;
  }
}
