import { describe, expect, it } from 'vitest';
import { isLabelKey, isLabelValue, labelKeyProblems, labelValueProblems } from './label-syntax';

describe('label keys', () => {
  it('accepts plain and prefixed keys', () => {
    for (const key of ['pool', 'node.kubernetes.io/instance-type', 'example.com/A_b.c', 'a'.repeat(63)]) {
      expect(isLabelKey(key), key).toBe(true);
    }
  });

  it('rejects malformed keys with a reason', () => {
    expect(labelKeyProblems('')).toEqual(['label key must not be empty']);
    expect(labelKeyProblems('a/b/c')[0]).toMatch(/at most one '\/'/);
    expect(labelKeyProblems('/name')[0]).toMatch(/empty prefix/);
    expect(labelKeyProblems('Example.com/x')[0]).toMatch(/DNS subdomain/);
    expect(labelKeyProblems('example.com/')[0]).toMatch(/empty name/);
    expect(labelKeyProblems('a'.repeat(64))[0]).toMatch(/at most 63/);
    expect(labelKeyProblems('-pool')[0]).toMatch(/start and end/);
    expect(labelKeyProblems('__proto__')).not.toEqual([]);
  });
});

describe('label values', () => {
  it('accepts empty and ordinary values', () => {
    for (const value of ['', 'a', 'tenant-a', 'v1.2_3', 'x'.repeat(63)]) expect(isLabelValue(value), value).toBe(true);
  });

  it('rejects long or malformed values', () => {
    expect(labelValueProblems('x'.repeat(64))[0]).toMatch(/at most 63/);
    expect(labelValueProblems('a b')[0]).toMatch(/letters, digits/);
    expect(labelValueProblems('a-')[0]).toMatch(/start and end/);
  });
});
