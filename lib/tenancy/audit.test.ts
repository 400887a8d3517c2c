import { describe, expect, it } from 'vitest';
import { AUDIT_LIMITS, cutText } from './audit';

describe('cutText', () => {
  it('keeps text within the limit and marks what it cuts', () => {
    expect(cutText('dev', 63)).toBe('dev');
    const cut = cutText('a'.repeat(1_000_000), AUDIT_LIMITS.name);
    expect(Array.from(cut)).toHaveLength(63);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('counts code points as the API server does and never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(100);
    const cut = cutText(emoji, 10);
    expect(Array.from(cut)).toHaveLength(10);
    expect(cut).toBe(`${'😀'.repeat(9)}…`);
    expect(cutText('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cutText(`${'x'.repeat(9)}😀😀`, 11))).toBe(false);
  });
});
