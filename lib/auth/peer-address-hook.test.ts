import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER, installPeerAddressHook } from './peer-address-hook';

function get(port: number, headers: Record<string, string>, localAddress?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers, localAddress }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('installPeerAddressHook', () => {
  it("stamps the socket's address on every request and overwrites a client's own copy", async () => {
    installPeerAddressHook();
    installPeerAddressHook(); // twice is once
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await get(port, {});
      await get(port, { [PEER_ADDRESS_HEADER]: '203.0.113.66', 'x-forwarded-for': '203.0.113.66' });
      await get(port, {}, '127.0.0.42');
    } finally {
      server.close();
    }
    expect(seen.map((h) => h[PEER_ADDRESS_HEADER])).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.42']);
    expect(seen[1]!['x-forwarded-for']).toBe('203.0.113.66');
  });
});
