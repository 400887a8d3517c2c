// The HTTP/2 session pool against local TLS servers: one that speaks only HTTP/1.1 (a proxy in
// front of the API server, say), and HTTP/2 servers with a small stream limit or a GOAWAY.
// Kubernetes itself is exercised by http2-sessions.int.test.ts against the sandbox.
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificateAuthority, issueCertificate } from '@/sandbox/host/pki';
import { Http2Sessions, Http2Unsupported } from './http2-sessions';

describe('Http2Sessions', () => {
  let dir: string;
  let tls: { key: Buffer; cert: Buffer; ca: Buffer };
  const servers: Array<HttpsServer | Http2SecureServer> = [];
  const pools: Http2Sessions[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cubby-h2-'));
    const ca = ensureCertificateAuthority(dir);
    const server = issueCertificate(dir, 'server', ca, { commonName: 'localhost', dnsNames: ['localhost'], usage: 'server' });
    tls = { key: readFileSync(server.key), cert: readFileSync(server.cert), ca: readFileSync(ca.cert) };
  });

  afterEach(async () => {
    for (const pool of pools.splice(0)) pool.close();
    for (const server of servers.splice(0)) {
      server.close();
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const poolFor = (server: HttpsServer | Http2SecureServer, options: { maxStreamsPerSession?: number } = {}) => {
    const pool = new Http2Sessions(`https://localhost:${(server.address() as AddressInfo).port}`, { secureContext: createSecureContext({ ca: tls.ca }), ...options });
    pools.push(pool);
    return pool;
  };

  const listen = async <S extends HttpsServer | Http2SecureServer>(server: S): Promise<S> => {
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return server;
  };

  /** An HTTP/2 server whose streams stay open (as watches do) until `end()`. */
  const holdingServer = async (settings: { maxConcurrentStreams?: number } = {}) => {
    const open: ServerHttp2Stream[] = [];
    const server = await listen(createSecureServer({ key: tls.key, cert: tls.cert, settings }));
    server.on('stream', (stream, headers) => {
      open.push(stream);
      stream.respond({ ':status': 200 });
      stream.write(`${headers[':path']} ${headers.authorization ?? ''}\n`);
    });
    return { server, open, end: () => open.splice(0).forEach((s) => s.end()) };
  };

  const firstLine = async (body: AsyncIterable<Buffer>) => {
    for await (const chunk of body) return chunk.toString().trim();
    return '';
  };

  it('says so when the server speaks only HTTP/1.1, before and after the first try', async () => {
    const server = await listen(createHttpsServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('h1')));
    const pool = poolFor(server);
    await expect(pool.get('/api', {})).rejects.toBeInstanceOf(Http2Unsupported);
    expect(pool.unsupported).toBe(true);
    await expect(pool.get('/api', {})).rejects.toBeInstanceOf(Http2Unsupported);
  });

  it('opens another connection instead of queueing past the limit the server announced', async () => {
    const { server, open, end } = await holdingServer({ maxConcurrentStreams: 3 });
    const pool = poolFor(server);
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => pool.get(`/watch/${i}`, { Authorization: 'Bearer t' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(7).fill(200));
    // Every stream reached the server at once: none waits for another to end.
    expect(open).toHaveLength(7);
    expect(await firstLine(answers[6]!.body)).toBe('/watch/6 Bearer t');
    expect(pool.connections.sort()).toEqual([1, 3, 3]);
    end();
  });

  it('keeps to its own cap when the server allows more', async () => {
    const { server, end } = await holdingServer();
    const pool = poolFor(server, { maxStreamsPerSession: 4 });
    await Promise.all(Array.from({ length: 9 }, (_, i) => pool.get(`/w/${i}`, {})));
    expect(pool.connections.sort()).toEqual([1, 4, 4]);
    end();
  });

  it('resets only the stream whose signal aborts; the connection carries on', async () => {
    const { server, open, end } = await holdingServer();
    const pool = poolFor(server);
    const controller = new AbortController();
    const aborted = await pool.get('/a', {}, { signal: controller.signal });
    const kept = await pool.get('/b', {});
    controller.abort();
    await expect(firstLine(aborted.body)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.connections).toEqual([1]);
    expect(await firstLine(kept.body)).toBe('/b');
    expect(open).toHaveLength(2);
    end();
  });

  it('takes no new stream on a connection the server said GOAWAY on', async () => {
    const { server, end } = await holdingServer();
    const sessions: Array<{ goaway: () => void }> = [];
    server.on('session', (session) => sessions.push(session));
    const pool = poolFor(server);
    const first = await pool.get('/1', {});
    sessions[0]!.goaway();
    await new Promise((r) => setTimeout(r, 50));
    const second = await pool.get('/2', {});
    expect(sessions).toHaveLength(2);
    expect(await firstLine(first.body)).toBe('/1');
    expect(await firstLine(second.body)).toBe('/2');
    end();
  });
});
