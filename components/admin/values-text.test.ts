import { describe, expect, it } from 'vitest';
import { parseValuesText, valuesToText } from './values-text';

describe('base values text', () => {
  it('reads YAML and JSON; empty is the chart defaults', async () => {
    expect(await parseValuesText('sync:\n  toHost:\n    ingresses:\n      enabled: true\n')).toEqual({ ok: true, value: { sync: { toHost: { ingresses: { enabled: true } } } } });
    expect(await parseValuesText('{"a": {"b": 1}}')).toEqual({ ok: true, value: { a: { b: 1 } } });
    expect(await parseValuesText('  \n')).toEqual({ ok: true, value: {} });
    expect(await parseValuesText('# only a comment\n')).toEqual({ ok: true, value: {} });
  });

  it('says where a syntax error is', async () => {
    const result = await parseValuesText('controlPlane:\n  statefulSet: [unclosed\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Line \d+, column \d+: /);
  });

  it('refuses a top level that is not a mapping, and duplicate keys', async () => {
    expect(await parseValuesText('- a\n- b\n')).toMatchObject({ ok: false, error: expect.stringContaining('not a list') });
    expect(await parseValuesText('42')).toMatchObject({ ok: false, error: expect.stringContaining('not a single number') });
    expect(await parseValuesText('a: 1\na: 2\n')).toMatchObject({ ok: false });
  });

  it('writes values back as YAML that reads the same', async () => {
    const value = { controlPlane: { statefulSet: { resources: { requests: { cpu: '100m' } } } }, list: [1, 2] };
    const text = await valuesToText(value);
    expect(text).toContain('cpu: 100m');
    expect(await parseValuesText(text)).toEqual({ ok: true, value });
    expect(await valuesToText({})).toBe('');
  });
});
