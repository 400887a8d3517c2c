// Helpers for Helm values trees (the parsed `values.yaml` shape: nested plain objects).
//
// Paths are arrays, not dotted strings, because value keys may themselves contain dots
// (annotation keys such as `nginx.ingress.kubernetes.io/ssl-passthrough`). `formatPath` joins
// them with dots only for messages.

/** A Helm values tree: nested plain objects, arrays and scalars as parsed from YAML/JSON. */
export type ChartValues = Record<string, unknown>;

/** A path of keys into a values tree. */
export type ValuesPath = readonly string[];

/**
 * Keys that would reach Object.prototype when assigned with `obj[key] = ...`. Values come from
 * user-supplied YAML, so they are refused rather than trusted.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function formatPath(path: ValuesPath): string {
  return path.join('.');
}

export function getPath(values: unknown, path: ValuesPath): unknown {
  let current: unknown = values;
  for (const key of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function hasPath(values: unknown, path: ValuesPath): boolean {
  if (path.length === 0) return true;
  const parent = getPath(values, path.slice(0, -1));
  return isPlainObject(parent) && Object.hasOwn(parent, path[path.length - 1]!);
}

/**
 * Sets `value` at `path`, creating intermediate objects. Throws when an intermediate value
 * exists but is not an object: silently replacing it would lose data the caller did not mean
 * to touch.
 */
export function setPath(values: ChartValues, path: ValuesPath, value: unknown): void {
  if (path.length === 0) throw new Error('setPath needs a non-empty path');
  let current: Record<string, unknown> = values;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (FORBIDDEN_KEYS.has(key)) throw new Error(`refusing to write key '${key}'`);
    if (i === path.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      current[key] = created;
      current = created;
    } else if (isPlainObject(next)) {
      current = next;
    } else {
      throw new Error(
        `cannot set '${formatPath(path)}': '${formatPath(path.slice(0, i + 1))}' is not an object`,
      );
    }
  }
}

/** Removes the key at `path` and any objects left empty by that removal. */
export function deletePath(values: ChartValues, path: ValuesPath): void {
  if (path.length === 0) return;
  const parentPath = path.slice(0, -1);
  const parent = getPath(values, parentPath);
  if (!isPlainObject(parent)) return;
  delete parent[path[path.length - 1]!];
  if (parentPath.length > 0 && Object.keys(parent).length === 0) deletePath(values, parentPath);
}

export function cloneValues<T>(value: T): T {
  return structuredClone(value);
}

/** Structural equality for JSON-like data (plain objects, arrays, scalars). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a);
    if (keysA.length !== Object.keys(b).length) return false;
    return keysA.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * Every leaf of a values tree with its path. Empty objects count as leaves (an explicit `{}` is
 * meaningful in Helm values: it replaces a default map). `isLeaf` lets callers treat some
 * objects (label maps) as atomic.
 */
export function leafEntries(
  values: unknown,
  isLeaf: (path: ValuesPath) => boolean = () => false,
  prefix: ValuesPath = [],
): Array<{ path: string[]; value: unknown }> {
  if (!isPlainObject(values) || (prefix.length > 0 && isLeaf(prefix))) {
    return [{ path: [...prefix], value: values }];
  }
  const keys = Object.keys(values);
  if (keys.length === 0 && prefix.length > 0) return [{ path: [...prefix], value: values }];
  return keys.flatMap((key) => leafEntries(values[key], isLeaf, [...prefix, key]));
}

/** Throws on keys that would pollute prototypes anywhere in the tree. */
export function assertSafeKeys(value: unknown, path: ValuesPath = []): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeKeys(item, [...path, String(i)]));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new Error(`key '${formatPath([...path, key])}' is not allowed in values`);
    }
    assertSafeKeys((value as Record<string, unknown>)[key], [...path, key]);
  }
}
