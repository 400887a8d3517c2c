import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  const limits = { failuresPerAccount: 3, failuresPerAddress: 5, windowSeconds: 900 };

  it('refuses an account name after its failures are used up, the right password included, from any address', async () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.check('alice', `192.0.2.${i}`)).toBeUndefined();
      await limiter.failed('alice', `192.0.2.${i}`);
    }
    const refusal = await limiter.check('alice', '198.51.100.1');
    expect(refusal).toMatchObject({ by: 'account' });
    expect(refusal!.retryAfterSeconds).toBeGreaterThan(800);
    expect(refusal!.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(await limiter.check('bob', '198.51.100.1')).toBeUndefined();
  });

  it('refuses an address after its failures are used up, whatever account names it tries', async () => {
    const limiter = new SignInLimiter(limits);
    for (let i = 0; i < 5; i++) await limiter.failed(`user-${i}`, '203.0.113.5');
    expect(await limiter.check('someone-new', '203.0.113.5')).toMatchObject({ by: 'address' });
    expect(await limiter.check('someone-new', '203.0.113.6')).toBeUndefined();
  });

  it("clears the account's count on success, not the address's", async () => {
    const limiter = new SignInLimiter(limits);
    await limiter.failed('carol', '203.0.113.7');
    await limiter.failed('carol', '203.0.113.7');
    await limiter.succeeded('carol');
    await limiter.failed('carol', '203.0.113.7');
    await limiter.failed('carol', '203.0.113.7');
    expect(await limiter.check('carol', '203.0.113.8')).toBeUndefined();
    await limiter.failed('dave', '203.0.113.7');
    expect(await limiter.check('erin', '203.0.113.7')).toMatchObject({ by: 'address' });
  });

  it('treats an enormous name as one bounded key', async () => {
    const limiter = new SignInLimiter(limits);
    const huge = 'x'.repeat(1_000_000);
    for (let i = 0; i < 3; i++) await limiter.failed(`${huge}${i}`, `192.0.2.${i}`);
    // The names differ only after the cut, so they count as one account.
    expect(await limiter.check(`${huge}9`, '192.0.2.99')).toMatchObject({ by: 'account' });
  });
});
