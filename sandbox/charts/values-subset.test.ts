import { describe, expect, it } from 'vitest';
import { findValueDifferences } from './values-subset';

describe('findValueDifferences', () => {
  const reference = { sync: { toHost: { pods: { enabled: true }, ingresses: { enabled: false } } }, list: ['a'], labels: {} };

  it('accepts a part with equal defaults', () => {
    expect(findValueDifferences({ sync: { toHost: { ingresses: { enabled: false } } }, list: ['a'], labels: {} }, reference)).toEqual([]);
  });

  it('names extra keys, changed defaults and whole-value mismatches', () => {
    expect(findValueDifferences({ sync: { ingresses: { enabled: true }, toHost: { pods: { enabled: false } } }, list: ['a', 'b'], labels: { x: 'y' } }, reference)).toEqual([
      '/sync/ingresses: missing in the reference',
      '/sync/toHost/pods/enabled: false here, true in the reference',
      '/list: ["a","b"] here, ["a"] in the reference',
      '/labels/x: missing in the reference',
    ]);
  });
});
