import { describe, expect, it } from 'vitest';
import {
  assertSafeKeys,
  deepEqual,
  deletePath,
  getPath,
  hasPath,
  leafEntries,
  setPath,
} from './values-tree';

describe('values tree', () => {
  it('reads and writes nested paths, keeping dotted keys whole', () => {
    const values: Record<string, unknown> = {};
    setPath(values, ['controlPlane', 'ingress', 'annotations', 'nginx.ingress.kubernetes.io/ssl-passthrough'], 'true');
    expect(values).toEqual({
      controlPlane: { ingress: { annotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' } } },
    });
    expect(getPath(values, ['controlPlane', 'ingress', 'annotations', 'nginx.ingress.kubernetes.io/ssl-passthrough'])).toBe(
      'true',
    );
    expect(getPath(values, ['controlPlane', 'missing', 'x'])).toBeUndefined();
    expect(hasPath(values, ['controlPlane', 'ingress'])).toBe(true);
    expect(hasPath(values, ['controlPlane', 'service'])).toBe(false);
  });

  it('refuses to overwrite a scalar on the way and to write prototype keys', () => {
    const values: Record<string, unknown> = { sync: true };
    expect(() => setPath(values, ['sync', 'toHost'], {})).toThrow("'sync' is not an object");
    expect(() => setPath({}, ['__proto__', 'polluted'], true)).toThrow(/refusing/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deletes a path and the objects it leaves empty', () => {
    const values: Record<string, unknown> = { sync: { nodes: { enabled: true } }, keep: 1 };
    deletePath(values, ['sync', 'nodes', 'enabled']);
    expect(values).toEqual({ keep: 1 });
  });

  it('lists leaves, with empty objects and atomic maps as leaves', () => {
    const values = { a: { b: 1, c: {}, d: { labels: { x: 'y' } } }, e: [1, 2] };
    expect(leafEntries(values, (p) => p[p.length - 1] === 'labels')).toEqual([
      { path: ['a', 'b'], value: 1 },
      { path: ['a', 'c'], value: {} },
      { path: ['a', 'd', 'labels'], value: { x: 'y' } },
      { path: ['e'], value: [1, 2] },
    ]);
  });

  it('compares structurally', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it('finds prototype keys anywhere, including ones JSON.parse creates', () => {
    expect(() => assertSafeKeys(JSON.parse('{"a":[{"__proto__":{"x":1}}]}'))).toThrow("'a.0.__proto__'");
    expect(() => assertSafeKeys({ a: { constructor: 1 } })).toThrow(/constructor/);
    expect(() => assertSafeKeys({ a: { b: [1, 'x'] } })).not.toThrow();
  });
});
