import { describe, expect, it } from 'vitest';
import { niceTicks } from './ticks';

describe('niceTicks', () => {
  it('counts: whole steps from 0 to at least the maximum', () => {
    expect(niceTicks(3, 'integer')).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7, 'integer')).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 'integer')).toEqual([0, 1]);
  });

  it('millicores: round decimal steps', () => {
    expect(niceTicks(8200)).toEqual([0, 2500, 5000, 7500, 10000]);
    expect(niceTicks(0.5)).toEqual([0, 0.2, 0.4, 0.6]);
  });

  it('bytes: powers of two of a binary unit', () => {
    const gi = 1024 ** 3;
    expect(niceTicks(16.25 * gi, 'binary')).toEqual([0, 8 * gi, 16 * gi, 24 * gi]);
    expect(niceTicks(300 * 1024 ** 2, 'binary')).toEqual([0, 128, 256, 384].map((m) => m * 1024 ** 2));
  });
});
