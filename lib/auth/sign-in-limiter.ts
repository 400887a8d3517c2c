// Brute-force protection for local sign-in: failed attempts are counted per account name and per
// client address over a window (CUBBY_SIGNIN_FAILURES_PER_ACCOUNT, _PER_ADDRESS,
// _WINDOW_MINUTES). Once either count is used up, every attempt for that name or from that
// address is refused with 429 and Retry-After until the window has passed, the right password
// included, so the refusal says nothing about the password. A successful sign-in clears the
// account's count, not the address's (or one valid account would launder guesses at others).
//
// Counts live in this server's memory (rate-limiter-flexible's RateLimiterMemory): with several
// replicas each counts on its own, so the limits hold per replica. A shared store
// (RateLimiterRedis and friends) would make them global; the host cluster, the only database,
// is no place for a write per failed guess.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { authSettings } from '@/lib/tenancy/settings';

export interface SignInLimits {
  failuresPerAccount: number;
  failuresPerAddress: number;
  windowSeconds: number;
}

export interface Refusal {
  /** What is used up. */
  by: 'account' | 'address';
  retryAfterSeconds: number;
}

/** Account names are compared as typed, but cut: a megabyte of name is one key like any other. */
const accountKey = (username: string) => username.slice(0, 256);

export class SignInLimiter {
  private readonly accounts: RateLimiterMemory;
  private readonly addresses: RateLimiterMemory;

  constructor(readonly limits: SignInLimits) {
    this.accounts = new RateLimiterMemory({ keyPrefix: 'account', points: limits.failuresPerAccount, duration: limits.windowSeconds });
    this.addresses = new RateLimiterMemory({ keyPrefix: 'address', points: limits.failuresPerAddress, duration: limits.windowSeconds });
  }

  /** Whether an attempt may go ahead; a refusal says which limit and for how long. */
  async check(username: string, address: string): Promise<Refusal | undefined> {
    const [account, from] = await Promise.all([this.accounts.get(accountKey(username)), this.addresses.get(address)]);
    const used = (res: RateLimiterRes | null, points: number) => res !== null && res.consumedPoints >= points;
    const wait = (res: RateLimiterRes | null) => Math.max(1, Math.ceil((res?.msBeforeNext ?? 1000) / 1000));
    if (used(from, this.limits.failuresPerAddress)) return { by: 'address', retryAfterSeconds: wait(from) };
    if (used(account, this.limits.failuresPerAccount)) return { by: 'account', retryAfterSeconds: wait(account) };
    return undefined;
  }

  async failed(username: string, address: string): Promise<void> {
    // consume rejects once the points are gone; the count is what matters, not the rejection.
    await Promise.all([this.accounts.consume(accountKey(username)).catch(() => undefined), this.addresses.consume(address).catch(() => undefined)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.accounts.delete(accountKey(username));
  }
}

let shared: { limiter: SignInLimiter; key: string } | undefined;

/** The process-wide limiter under the current settings. */
export function signInLimiter(): SignInLimiter {
  const limits = authSettings().signIn;
  const key = JSON.stringify(limits);
  if (!shared || shared.key !== key) shared = { limiter: new SignInLimiter(limits), key };
  return shared.limiter;
}
