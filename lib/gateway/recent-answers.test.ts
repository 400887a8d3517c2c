import { describe, expect, it } from 'vitest';
import { RecentAnswers } from './recent-answers';

describe('RecentAnswers', () => {
  it('asks once within the time to live, shares a pending answer, and asks again after', async () => {
    let now = 0;
    let asked = 0;
    const answers = new RecentAnswers<number>(1_000, 10, () => now);
    const ask = () => answers.get('k', async () => ++asked);
    expect(await Promise.all([ask(), ask()])).toEqual([1, 1]);
    now = 999;
    expect(await ask()).toBe(1);
    now = 1_000;
    expect(await ask()).toBe(2);
  });

  it('does not keep a failure, and forgets on demand', async () => {
    let asked = 0;
    const answers = new RecentAnswers<number>(60_000);
    await expect(answers.get('k', () => Promise.reject(new Error('host down')))).rejects.toThrow('host down');
    await new Promise((r) => setImmediate(r));
    expect(await answers.get('k', async () => ++asked)).toBe(1);
    answers.forget((key) => key === 'k');
    expect(await answers.get('k', async () => ++asked)).toBe(2);
  });

  it('stays bounded', async () => {
    const answers = new RecentAnswers<number>(60_000, 4);
    for (let i = 0; i < 20; i++) await answers.get(String(i), async () => i);
    expect(await answers.get('19', async () => -1)).toBe(19);
    expect(await answers.get('0', async () => -1)).toBe(-1);
  });
});
