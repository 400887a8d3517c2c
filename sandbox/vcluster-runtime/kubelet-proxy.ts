// The kubelet of a vCluster's nodes, as the real syncer plays it: the virtual API server sends
// `kubectl logs`, `exec`, `attach` and `port-forward` of a virtual pod to the pod's node's kubelet
// endpoint; the syncer answers there by translating the virtual pod to its host copy
// (NAME-x-NS-x-VC) and asking the host API server (pods/log, exec, attach, portforward), which asks
// the host node's kubelet (here kwok, sandbox/host/kwok-kubelet.ts).
//
// The fake nodes' addresses (NODE.nodes.vcluster.com, a host Service's ClusterIP) route nowhere on
// this machine, so the virtual API server gets an egress selector for "cluster" traffic: every
// connection it makes to a node is an HTTP CONNECT over this proxy's Unix socket, whatever the
// node's address; the proxy then speaks TLS as the kubelet inside (its certificate is the
// vCluster's serving one; a kube-apiserver without --kubelet-certificate-authority checks none).
// Streams pass through untouched: the upgrade (SPDY, or WebSocket) goes to the host as it came.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request, type Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { hostName } from './host-name';
import type { KubeClient } from './kube-client';

export interface KubeletProxyOptions {
  host: KubeClient;
  /** The vCluster: virtual pods are named on the host after it. */
  name: string;
  /** The host namespace of the vCluster, where its pods' host copies live. */
  namespace: string;
  /** The vCluster's state directory (the egress config goes there). */
  dir: string;
  serving: { cert: string; key: string };
  log: (line: string) => void;
}

/** A host API path and query for one kubelet request, or undefined for what is not served. */
export function hostPathFor(kubeletPath: string, vcluster: string, hostNamespace: string): { path: string; query: URLSearchParams } | undefined {
  const url = new URL(kubeletPath, 'https://kubelet');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [kind, namespace, pod] = parts;
  if (!kind || !namespace || !pod) return undefined;
  const podPath = (sub: string) => `/api/v1/namespaces/${encodeURIComponent(hostNamespace)}/pods/${encodeURIComponent(hostName(pod, namespace, vcluster))}/${sub}`;
  // /exec/NS/POD/CONTAINER or /exec/NS/POD/UID/CONTAINER: the container is last.
  const container = parts.length >= 4 ? parts[parts.length - 1]! : undefined;
  const query = new URLSearchParams();
  switch (kind) {
    case 'containerLogs':
      // The kubelet's log options have the API's names.
      for (const [k, v] of url.searchParams) query.append(k, v);
      if (container) query.set('container', container);
      return { path: podPath('log'), query };
    case 'exec':
    case 'attach': {
      // The API server tells the kubelet input/output/error; the API says stdin/stdout/stderr.
      const names: Record<string, string> = { input: 'stdin', output: 'stdout', error: 'stderr', tty: 'tty' };
      for (const [k, v] of url.searchParams) {
        if (k === 'command') query.append('command', v);
        else if (names[k]) query.set(names[k]!, v === '1' || v === 'true' ? 'true' : 'false');
      }
      if (container) query.set('container', container);
      return { path: podPath(kind), query };
    }
    case 'portForward':
      for (const [k, v] of url.searchParams) query.append(k, v);
      return { path: podPath('portforward'), query };
    default:
      return undefined;
  }
}

/** A short socket path (Unix sockets allow ~100 characters; state directories can be longer). */
export function kubeletSocketPath(dir: string): string {
  return join(tmpdir(), `cubby-kubelet-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}.sock`);
}

/** The virtual API server's --egress-selector-config-file: node traffic over the proxy. */
export function writeEgressSelectorConfig(dir: string, socketPath: string): string {
  const file = join(dir, 'egress-selector.yaml');
  writeFileSync(file, stringify({
    apiVersion: 'apiserver.k8s.io/v1beta1',
    kind: 'EgressSelectorConfiguration',
    egressSelections: [{ name: 'cluster', connection: { proxyProtocol: 'HTTPConnect', transport: { uds: { udsName: socketPath } } } }],
  }));
  return file;
}

const HOP_BY_HOP = new Set(['host', 'authorization', 'content-length', 'keep-alive', 'proxy-connection', 'transfer-encoding']);

/** The request's raw headers minus hop-by-hop ones and credentials, as [name, value] pairs. */
function forwardedHeaders(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase()) && !name.toLowerCase().startsWith('impersonate-')) out.push(name, req.rawHeaders[i + 1]!);
  }
  return out;
}

export class KubeletProxy {
  private connectServer: Server | undefined;
  private tlsServer: HttpsServer | undefined;
  readonly socketPath: string;
  readonly egressConfig: string;

  constructor(private readonly options: KubeletProxyOptions) {
    this.socketPath = kubeletSocketPath(options.dir);
    this.egressConfig = writeEgressSelectorConfig(options.dir, this.socketPath);
  }

  async start(): Promise<void> {
    const { serving } = this.options;
    const tlsServer = createHttpsServer({ cert: readFileSync(serving.cert), key: readFileSync(serving.key) }, (req, res) => this.onRequest(req, res));
    tlsServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    tlsServer.on('tlsClientError', () => undefined);
    this.tlsServer = tlsServer;

    const connectServer = createHttpServer((_req, res) => res.writeHead(405).end());
    connectServer.on('connect', (_req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      tlsServer.emit('connection', socket);
    });
    this.connectServer = connectServer;
    // A socket left by a runtime that was killed would refuse the listen.
    if (existsSync(this.socketPath)) rmSync(this.socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      connectServer.once('error', reject);
      connectServer.listen(this.socketPath, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const close = (server: Server | HttpsServer | undefined) =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    await Promise.all([close(this.connectServer), close(this.tlsServer)]);
    rmSync(this.socketPath, { force: true });
  }

  private hostRequest(req: IncomingMessage) {
    const target = hostPathFor(req.url ?? '/', this.options.name, this.options.namespace);
    if (!target) return undefined;
    const { host } = this.options;
    const { agent, headers } = host.connection();
    const url = new URL(`${target.path}${target.query.size > 0 ? `?${target.query}` : ''}`, host.server);
    // Headers as a list keep repeated ones (X-Stream-Protocol-Version) apart; Node then adds no Host.
    const raw = [...forwardedHeaders(req), 'Host', url.host];
    for (const [k, v] of Object.entries(headers)) raw.push(k, v);
    return request(url, { method: req.method, agent, headers: raw as unknown as Record<string, string> });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const upstream = this.hostRequest(req);
    if (!upstream) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`the sandbox's kubelet proxy does not serve ${req.url}\n`);
      return;
    }
    upstream.on('response', (hostRes) => {
      res.writeHead(hostRes.statusCode ?? 502, { 'Content-Type': hostRes.headers['content-type'] ?? 'text/plain' });
      hostRes.pipe(res);
      // `logs -f` ends when the client goes.
      res.on('close', () => hostRes.destroy());
    });
    upstream.on('error', (error) => {
      this.options.log(`kubelet proxy: ${req.method} ${req.url}: ${error.message}`);
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`${error.message}\n`);
    });
    req.pipe(upstream);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const upstream = this.hostRequest(req);
    if (!upstream) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    upstream.on('upgrade', (hostRes, hostSocket, hostHead) => {
      const lines = [`HTTP/1.1 ${hostRes.statusCode} ${hostRes.statusMessage}`];
      for (let i = 0; i < hostRes.rawHeaders.length; i += 2) lines.push(`${hostRes.rawHeaders[i]}: ${hostRes.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (hostHead.length > 0) socket.write(hostHead);
      if (head.length > 0) hostSocket.write(head);
      hostSocket.on('error', () => socket.destroy());
      socket.on('close', () => hostSocket.destroy());
      hostSocket.on('close', () => socket.destroy());
      hostSocket.pipe(socket);
      socket.pipe(hostSocket);
    });
    // The host refused the upgrade (403, 404, a pod not running): its answer goes back as it is.
    upstream.on('response', (hostRes) => {
      const chunks: Buffer[] = [];
      hostRes.on('data', (chunk: Buffer) => chunks.push(chunk));
      hostRes.on('end', () => {
        const body = Buffer.concat(chunks);
        socket.end(Buffer.concat([
          Buffer.from(`HTTP/1.1 ${hostRes.statusCode} ${hostRes.statusMessage}\r\nContent-Type: ${hostRes.headers['content-type'] ?? 'text/plain'}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
          body,
        ]));
      });
    });
    upstream.on('error', (error) => {
      this.options.log(`kubelet proxy: upgrade ${req.url}: ${error.message}`);
      socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(error.message)}\r\n\r\n${error.message}`);
    });
    upstream.end();
  }
}
