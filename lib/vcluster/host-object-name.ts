// How the vCluster syncer names the host copies of namespaced virtual objects, and how to read
// the virtual identity back from a host object. Cubby needs both directions: forward to find the
// host pod of a virtual pod, backward to show tenants their own pod names in the synced-pods list.

import { createHash } from 'node:crypto';

/** Longest name the syncer emits; longer joins are shortened to stay a valid label value. */
export const MAX_HOST_OBJECT_NAME_LENGTH = 63;
/** Characters of the joined name kept before the hash suffix when shortening. */
export const HOST_NAME_KEEP_PREFIX = 52;
/** Hex characters of the sha256 digest appended when shortening. */
export const HOST_NAME_HASH_LENGTH = 10;

export const ANNOTATION_OBJECT_NAME = 'vcluster.loft.sh/object-name';
export const ANNOTATION_OBJECT_NAMESPACE = 'vcluster.loft.sh/object-namespace';
export const ANNOTATION_OBJECT_UID = 'vcluster.loft.sh/object-uid';
export const ANNOTATION_OBJECT_KIND = 'vcluster.loft.sh/object-kind';
/** Older pod-only annotations; still set on pods, and the only ones on pods from older syncers. */
export const ANNOTATION_POD_NAME = 'vcluster.loft.sh/name';
export const ANNOTATION_POD_NAMESPACE = 'vcluster.loft.sh/namespace';
export const ANNOTATION_POD_UID = 'vcluster.loft.sh/uid';
export const LABEL_MANAGED_BY = 'vcluster.loft.sh/managed-by';
export const LABEL_VIRTUAL_NAMESPACE = 'vcluster.loft.sh/namespace';

/**
 * Joins name parts with '-' the way the syncer does. Longer than 63 characters: the first 52
 * characters, '-', then the first 10 hex characters of the sha256 of the whole joined name.
 * The syncer then replaces '.-' with '-', because a cut after a dot (names such as
 * `kube-root-ca.crt`) would otherwise leave '.-', which is not a valid DNS name.
 */
export function safeConcatName(parts: readonly string[]): string {
  const full = parts.join('-');
  if (full.length <= MAX_HOST_OBJECT_NAME_LENGTH) return full;
  const digest = createHash('sha256').update(full, 'utf8').digest('hex');
  return `${full.slice(0, HOST_NAME_KEEP_PREFIX)}-${digest.slice(0, HOST_NAME_HASH_LENGTH)}`.replaceAll(
    '.-',
    '-',
  );
}

/** Host name of a namespaced virtual object: `NAME-x-NAMESPACE-x-VCLUSTER`, shortened if needed. */
export function hostObjectName(virtualName: string, virtualNamespace: string, vClusterName: string): string {
  return safeConcatName([virtualName, 'x', virtualNamespace, 'x', vClusterName]);
}

/** Minimal metadata Cubby reads; `V1ObjectMeta` fits. */
export interface HostObjectMeta {
  name?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface VirtualObjectRef {
  name: string;
  namespace: string;
  uid?: string;
  kind?: string;
}

/**
 * The virtual name and namespace of a synced host object, from the syncer's annotations
 * (object-name/object-namespace first, then the pod-only name/namespace ones, then the
 * namespace label). Undefined when the object carries no virtual name: then it is not a synced
 * object, and guessing from the hashed host name is impossible.
 */
export function virtualObjectRef(meta: HostObjectMeta | undefined): VirtualObjectRef | undefined {
  const annotations = meta?.annotations ?? {};
  const labels = meta?.labels ?? {};
  const name = nonEmpty(annotations[ANNOTATION_OBJECT_NAME]) ?? nonEmpty(annotations[ANNOTATION_POD_NAME]);
  const namespace =
    nonEmpty(annotations[ANNOTATION_OBJECT_NAMESPACE]) ??
    nonEmpty(annotations[ANNOTATION_POD_NAMESPACE]) ??
    nonEmpty(labels[LABEL_VIRTUAL_NAMESPACE]);
  if (name === undefined || namespace === undefined) return undefined;
  const ref: VirtualObjectRef = { name, namespace };
  const uid = nonEmpty(annotations[ANNOTATION_OBJECT_UID]) ?? nonEmpty(annotations[ANNOTATION_POD_UID]);
  if (uid !== undefined) ref.uid = uid;
  const kind = nonEmpty(annotations[ANNOTATION_OBJECT_KIND]);
  if (kind !== undefined) ref.kind = kind;
  return ref;
}

/** Whether a host object was synced by the named vCluster (its managed-by label). */
export function isSyncedBy(meta: HostObjectMeta | undefined, vClusterName: string): boolean {
  return meta?.labels?.[LABEL_MANAGED_BY] === vClusterName;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
