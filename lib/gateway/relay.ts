// The bytes between kubectl and the vCluster. Plain requests are streamed both ways without
// buffering, so a watch or `logs -f` reaches kubectl event by event, and a client that goes away
// ends the upstream request too. An upgrade (exec, attach, port-forward: WebSocket, or SPDY for
// older clients) is relayed below HTTP: once the vCluster answers 101 the two sockets are piped
// to each other, so the gateway needs to know neither protocol.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { downstreamResponseHeaders } from './forwarded-headers';
import type { Transport } from './vcluster-upstream';

export interface RelayOutcome {
  /** The vCluster's status code, or 0 when it could not be reached. */
  status: number;
  error?: Error;
}

function upstreamPath(transport: Transport, path: string, search: string): string {
  // A server with a path (the host's service proxy) keeps it in front of the vCluster's path.
  const base = transport.server.pathname.replace(/\/$/, '');
  return `${base}${path}${search}`;
}

function open(transport: Transport, method: string, path: string, headers: OutgoingHttpHeaders) {
  const send = transport.secure ? httpsRequest : httpRequest;
  return send({
    protocol: transport.server.protocol,
    hostname: transport.server.hostname,
    port: transport.server.port || (transport.secure ? 443 : 80),
    agent: transport.agent,
    method,
    path,
    headers,
  });
}

export function relayRequest(
  req: IncomingMessage,
  res: ServerResponse,
  transport: Transport,
  target: { path: string; search: string },
  headers: OutgoingHttpHeaders,
): Promise<RelayOutcome> {
  return new Promise((resolve) => {
    const upstream = open(transport, req.method ?? 'GET', upstreamPath(transport, target.path, target.search), headers);
    let settled = false;
    const settle = (outcome: RelayOutcome) => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, downstreamResponseHeaders(answer.headers));
      // Flush headers now: a watch may send its first event much later.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('end', () => settle({ status: answer.statusCode ?? 0 }));
      answer.on('error', (error) => {
        res.destroy(error);
        settle({ status: answer.statusCode ?? 0, error });
      });
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) {
        settle({ status: 0, error });
      } else {
        res.destroy(error);
        settle({ status: res.statusCode, error });
      }
    });
    // kubectl stopped watching (Ctrl-C, --request-timeout): stop the vCluster's side too.
    res.on('close', () => {
      upstream.destroy();
      settle({ status: res.statusCode });
    });
    req.pipe(upstream);
  });
}

function rawHead(statusLine: string, rawHeaders: string[]): string {
  let head = `${statusLine}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/**
 * Relays a connection upgrade. Resolves when the vCluster has answered (101 or not) with that
 * status and a `closed` promise for the end of the piped connection.
 */
export function relayUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  transport: Transport,
  target: { path: string; search: string },
  headers: OutgoingHttpHeaders,
): Promise<RelayOutcome & { closed: Promise<void> }> {
  return new Promise((resolve) => {
    const upstream = open(transport, req.method ?? 'GET', upstreamPath(transport, target.path, target.search), headers);
    upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
      socket.write(rawHead(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? 'Switching Protocols'}`, answer.rawHeaders));
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstreamSocket.write(head);
      const closed = new Promise<void>((done) => {
        let open = 2;
        const end = () => {
          if (--open === 0) done();
        };
        socket.on('close', end);
        upstreamSocket.on('close', end);
      });
      socket.on('error', () => upstreamSocket.destroy());
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('close', () => upstreamSocket.destroy());
      upstreamSocket.on('close', () => socket.destroy());
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
      resolve({ status: answer.statusCode ?? 101, closed });
    });
    // Not upgraded (a refusal, a 404 for a missing pod): the answer is passed on and the
    // connection closed, since what it was opened for will not happen.
    upstream.on('response', (answer) => {
      const kept: string[] = [];
      for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP_ON_CLOSE.has(answer.rawHeaders[i]!.toLowerCase())) kept.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
      }
      socket.write(rawHead(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ''}`, [...kept, 'Connection', 'close']));
      answer.pipe(socket);
      const closed = new Promise<void>((done) => socket.on('close', () => done()));
      resolve({ status: answer.statusCode ?? 0, closed });
    });
    upstream.on('error', (error) => resolve({ status: 0, error, closed: Promise.resolve() }));
    socket.on('error', () => upstream.destroy());
    upstream.end();
  });
}

// The body is sent as it arrives and ends with the connection.
const HOP_BY_HOP_ON_CLOSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);
