import { describe, expect, it } from 'vitest';
import { InformerStore, deepEqual, objectKey, type ObjectIdentity } from './informer-store';

interface Ev {
  at: number;
  text: string;
}

const id = (namespace: string | undefined, name: string, resourceVersion?: string, uid?: string): ObjectIdentity => {
  const out: ObjectIdentity = { key: objectKey(namespace, name), name };
  if (namespace) out.namespace = namespace;
  if (resourceVersion) out.resourceVersion = resourceVersion;
  if (uid) out.uid = uid;
  return out;
};

describe('InformerStore', () => {
  it('keys namespaced objects by namespace/name and cluster-scoped ones by name', () => {
    expect(objectKey('ns', 'a')).toBe('ns/a');
    expect(objectKey(undefined, 'a')).toBe('a');
  });

  it('replace() announces exactly the difference and keeps unchanged objects silent', () => {
    const store = new InformerStore<Ev>();
    store.replace([
      { id: id('n', 'a', '1'), object: { at: 1, text: 'a' } },
      { id: id('n', 'b', '1'), object: { at: 1, text: 'b' } },
      { id: id('n', 'c', '1'), object: { at: 1, text: 'c' } },
    ]);
    const changes = store.replace([
      { id: id('n', 'a', '1'), object: { at: 1, text: 'a' } },
      { id: id('n', 'b', '2'), object: { at: 2, text: 'b2' } },
      { id: id('n', 'd', '1'), object: { at: 1, text: 'd' } },
    ]);
    expect(changes.map((c) => `${c.type} ${c.key}`).sort()).toEqual(['added n/d', 'deleted n/c', 'updated n/b']);
    expect(store.keys().sort()).toEqual(['n/a', 'n/b', 'n/d']);
  });

  it('caps each namespace, dropping the least recent, and does not announce an object too old to keep', () => {
    const store = new InformerStore<Ev>({ perNamespaceLimit: { max: 2, recency: (e) => e.at } });
    expect(store.upsert(id('n', 'a', '1'), { at: 10, text: '' })).toHaveLength(1);
    expect(store.upsert(id('n', 'b', '1'), { at: 20, text: '' })).toHaveLength(1);
    expect(store.upsert(id('m', 'x', '1'), { at: 1, text: '' })).toHaveLength(1);
    expect(store.upsert(id('n', 'c', '1'), { at: 30, text: '' }).map((c) => c.type)).toEqual(['added']);
    expect(store.inNamespace('n').map((e) => e.at).sort()).toEqual([20, 30]);
    expect(store.upsert(id('n', 'old', '1'), { at: 5, text: '' })).toEqual([]);
    expect(store.inNamespace('n').map((e) => e.at).sort()).toEqual([20, 30]);
    expect(store.inNamespace('m')).toHaveLength(1);
    // A relist is capped the same way.
    store.replace([30, 40, 50, 60].map((at) => ({ id: id('n', `e${at}`, '1'), object: { at, text: '' } })));
    expect(store.inNamespace('n').map((e) => e.at).sort()).toEqual([50, 60]);
  });

  it('keeps indexes right across updates and removals', () => {
    const store = new InformerStore<{ group: string }>({ indexers: { group: (o) => o.group } });
    store.upsert(id('n', 'a', '1'), { group: 'x' });
    store.upsert(id('n', 'a', '2'), { group: 'y' });
    expect(store.byIndex('group', 'x')).toEqual([]);
    expect(store.byIndex('group', 'y')).toEqual([{ group: 'y' }]);
    store.remove('n/a');
    expect(store.byIndex('group', 'y')).toEqual([]);
    expect(() => store.byIndex('nope', 'y')).toThrow('no index');
  });

  it('compares projections structurally, ignoring undefined fields', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });
});
