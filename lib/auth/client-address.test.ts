import { describe, expect, it } from 'vitest';
import { parseProxyRange } from '@/lib/tenancy/settings';
import { UNKNOWN_ADDRESS, requestOrigin } from './client-address';
import { PEER_ADDRESS_HEADER } from './peer-address-hook';

const ranges = (...values: string[]) => values.map((v) => parseProxyRange(v)!);
const request = (headers: Record<string, string>) => new Request('http://cubby.test/api/me', { headers });

describe('requestOrigin', () => {
  it('is the TCP peer when no proxy is trusted, whatever X-Forwarded-* say', () => {
    const origin = requestOrigin(
      request({ [PEER_ADDRESS_HEADER]: '198.51.100.7', 'x-forwarded-for': '10.9.9.9', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', host: 'cubby.test' }),
      [],
    );
    expect(origin).toEqual({ address: '198.51.100.7', proxied: false, host: 'cubby.test' });
  });

  it('ignores forwarded headers from a peer that is not a trusted proxy', () => {
    const origin = requestOrigin(request({ [PEER_ADDRESS_HEADER]: '198.51.100.7', 'x-forwarded-for': '10.9.9.9', 'x-forwarded-host': 'evil.example', host: 'cubby.test' }), ranges('10.0.0.0/8'));
    expect(origin).toMatchObject({ address: '198.51.100.7', proxied: false, host: 'cubby.test' });
  });

  it('behind a trusted proxy takes the rightmost address that is not a trusted proxy', () => {
    const trusted = ranges('10.0.0.0/8', 'fd00::/8');
    const headers = { [PEER_ADDRESS_HEADER]: '10.0.0.2', 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.2.3', 'x-forwarded-host': 'cubby.example.com, other', 'x-forwarded-proto': 'https', host: 'cubby-svc:3000' };
    expect(requestOrigin(request(headers), trusted)).toEqual({ address: '203.0.113.9', proxied: true, host: 'cubby.example.com', protocol: 'https' });
    // Only proxies all the way: the leftmost hop is the client.
    expect(requestOrigin(request({ ...headers, 'x-forwarded-for': '10.4.4.4, 10.1.2.3' }), trusted).address).toBe('10.4.4.4');
    // No header: the proxy itself.
    expect(requestOrigin(request({ [PEER_ADDRESS_HEADER]: '10.0.0.2' }), trusted)).toMatchObject({ address: '10.0.0.2', proxied: true });
  });

  it('stops at garbage in the chain and never takes it as an address', () => {
    const trusted = ranges('10.0.0.0/8');
    const origin = requestOrigin(request({ [PEER_ADDRESS_HEADER]: '10.0.0.2', 'x-forwarded-for': '1.2.3.4, not-an-ip, 10.1.1.1' }), trusted);
    expect(origin.address).toBe('10.1.1.1');
  });

  it('writes IPv4-mapped IPv6 peers as IPv4 and matches them against IPv4 ranges', () => {
    expect(requestOrigin(request({ [PEER_ADDRESS_HEADER]: '::ffff:127.0.0.1' }), []).address).toBe('127.0.0.1');
    expect(requestOrigin(request({ [PEER_ADDRESS_HEADER]: '::ffff:127.0.0.1', 'x-forwarded-for': '192.0.2.1' }), ranges('127.0.0.1')).address).toBe('192.0.2.1');
    expect(requestOrigin(request({ [PEER_ADDRESS_HEADER]: '::1', 'x-forwarded-for': '2001:db8::1' }), ranges('::1')).address).toBe('2001:db8::1');
  });

  it('does not know the address when the peer hook did not run, and trusts nothing then', () => {
    expect(requestOrigin(request({ 'x-forwarded-for': '1.2.3.4', 'x-forwarded-host': 'evil.example', host: 'cubby.test' }), ranges('0.0.0.0/0'))).toEqual({
      address: UNKNOWN_ADDRESS,
      proxied: false,
      host: 'cubby.test',
    });
  });
});

describe('parseProxyRange', () => {
  it('takes addresses and CIDR ranges and refuses anything else', () => {
    expect(parseProxyRange('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseProxyRange('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', '1.2.3', 'localhost', '10.0.0.0/8/1', '::1/129', '10.0.0.0/-1', '10.0.0.0/']) expect(parseProxyRange(bad), bad).toBeUndefined();
  });
});
