import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PEER_ADDRESS_HEADER } from './peer-address-hook';
import { crossSiteRefusal } from './same-origin';

const change = (headers: Record<string, string>) => new Request('http://localhost:3000/api/vclusters', { method: 'POST', headers: { host: 'localhost:3000', [PEER_ADDRESS_HEADER]: '127.0.0.1', ...headers } });

describe('crossSiteRefusal', () => {
  beforeEach(() => {
    vi.stubEnv('NEXTAUTH_URL', 'https://cubby.example.com');
    vi.stubEnv('CUBBY_TRUSTED_PROXIES', '');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('lets our own pages through: same host, or the configured public URL', () => {
    expect(crossSiteRefusal(change({ origin: 'http://localhost:3000' }))).toBeUndefined();
    expect(crossSiteRefusal(change({ origin: 'https://cubby.example.com', host: 'cubby-svc' }))).toBeUndefined();
    expect(crossSiteRefusal(change({ 'sec-fetch-site': 'same-origin' }))).toBeUndefined();
  });

  it('refuses other sites, with or without Sec-Fetch-Site', () => {
    expect(crossSiteRefusal(change({ origin: 'https://evil.example' }))).toBe('cross-site request refused');
    expect(crossSiteRefusal(change({ origin: 'http://localhost:3000', 'sec-fetch-site': 'cross-site' }))).toBe('cross-site request refused');
    expect(crossSiteRefusal(change({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' }))).toBe('cross-site request refused');
  });

  it('refuses Origin null, garbage and non-web schemes with a reason, never an exception', () => {
    for (const origin of ['null', 'not a url', '://', 'file:///etc/passwd', 'javascript:alert(1)', 'x'.repeat(10_000)]) {
      const refusal = crossSiteRefusal(change({ origin }));
      expect(refusal, origin.slice(0, 20)).toMatch(/refused/);
      expect(refusal!.length).toBeLessThan(250);
    }
  });

  it('refuses a request that says nothing about where it comes from', () => {
    expect(crossSiteRefusal(change({}))).toMatch(/without Origin/);
  });

  it('does not believe a client-sent X-Forwarded-Host unless the peer is a trusted proxy', () => {
    const spoof = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect(crossSiteRefusal(change(spoof))).toBe('cross-site request refused');
    vi.stubEnv('CUBBY_TRUSTED_PROXIES', '127.0.0.1');
    expect(crossSiteRefusal(change(spoof))).toBeUndefined();
    // Behind the proxy the scheme counts too.
    expect(crossSiteRefusal(change({ ...spoof, origin: 'http://evil.example' }))).toBe('cross-site request refused');
  });
});
