import { describe, expect, it } from 'vitest';
import { authSettings, tenancySettings } from './settings';

describe('tenancySettings', () => {
  it('defaults to cubby:admins and cubby-system, also for empty variables', () => {
    expect(tenancySettings({})).toEqual({ adminGroup: 'cubby:admins', namespace: 'cubby-system' });
    expect(tenancySettings({ CUBBY_ADMIN_GROUP: '', CUBBY_NAMESPACE: '' })).toEqual({ adminGroup: 'cubby:admins', namespace: 'cubby-system' });
  });

  it('takes both from the environment and refuses a namespace that cannot exist', () => {
    expect(tenancySettings({ CUBBY_ADMIN_GROUP: 'platform', CUBBY_NAMESPACE: 'cubby' })).toEqual({ adminGroup: 'platform', namespace: 'cubby' });
    expect(() => tenancySettings({ CUBBY_NAMESPACE: 'Cubby_System' })).toThrow(/CUBBY_NAMESPACE/);
  });
});

describe('authSettings', () => {
  it('defaults to 8-hour sessions, 30-day SSO token cutoff, no trusted proxy, 5/20 failures per 15 minutes', () => {
    expect(authSettings({})).toEqual({
      sessionMaxAgeSeconds: 8 * 3600,
      ssoTokenIdleMs: 30 * 86_400_000,
      trustedProxies: [],
      signIn: { failuresPerAccount: 5, failuresPerAddress: 20, windowSeconds: 900 },
    });
    expect(authSettings({ CUBBY_SESSION_HOURS: '', CUBBY_TRUSTED_PROXIES: ' , ' }).trustedProxies).toEqual([]);
  });

  it('reads every setting and trusted proxies as a comma-separated list of addresses and ranges', () => {
    const settings = authSettings({
      CUBBY_SESSION_HOURS: '0.5',
      CUBBY_SSO_TOKEN_IDLE_DAYS: '7',
      CUBBY_TRUSTED_PROXIES: '10.0.0.0/8, ::1',
      CUBBY_SIGNIN_FAILURES_PER_ACCOUNT: '3',
      CUBBY_SIGNIN_FAILURES_PER_ADDRESS: '50',
      CUBBY_SIGNIN_WINDOW_MINUTES: '5',
    });
    expect(settings).toEqual({
      sessionMaxAgeSeconds: 1800,
      ssoTokenIdleMs: 7 * 86_400_000,
      trustedProxies: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ],
      signIn: { failuresPerAccount: 3, failuresPerAddress: 50, windowSeconds: 300 },
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => authSettings({ CUBBY_SESSION_HOURS: 'forever' })).toThrow(/CUBBY_SESSION_HOURS/);
    expect(() => authSettings({ CUBBY_SESSION_HOURS: '10000' })).toThrow(/CUBBY_SESSION_HOURS: must be at most/);
    expect(() => authSettings({ CUBBY_SSO_TOKEN_IDLE_DAYS: '0' })).toThrow(/CUBBY_SSO_TOKEN_IDLE_DAYS/);
    expect(() => authSettings({ CUBBY_TRUSTED_PROXIES: '10.0.0.0/8,everyone' })).toThrow(/CUBBY_TRUSTED_PROXIES: 'everyone' is not an IP address/);
    expect(() => authSettings({ CUBBY_SIGNIN_FAILURES_PER_ACCOUNT: '2.5' })).toThrow(/CUBBY_SIGNIN_FAILURES_PER_ACCOUNT/);
  });
});
