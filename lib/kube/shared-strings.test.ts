import { describe, expect, it } from 'vitest';
import { shared, sharedStringCount } from './shared-strings';

describe('shared', () => {
  it('gives back an equal string (one copy: JavaScript cannot tell, the heap can) and leaves undefined alone', () => {
    const a = JSON.parse('["vc-team--web"]')[0] as string;
    const b = JSON.parse('["vc-team--web"]')[0] as string;
    expect(shared(a)).toBe(shared(b));
    expect(shared(undefined)).toBeUndefined();
  });

  it('stays within its bound however many distinct strings pass', () => {
    for (let i = 0; i < 120_000; i++) shared(`distinct-${i}`);
    expect(sharedStringCount()).toBeLessThanOrEqual(50_000);
    expect(shared('after')).toBe('after');
  });
});
