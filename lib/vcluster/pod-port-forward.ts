import 'server-only';
// A TCP tunnel to a port of a pod through the host API server's `pods/portforward` subresource,
// with Cubby's own host credentials. This is how Cubby outside the cluster reaches a vCluster's
// API with the vCluster's own credentials: the service proxy authenticates as Cubby and drops the
// client certificate, a port-forward carries bytes and nothing else (vcluster-access.ts).
//
// Protocol `v4.channel.k8s.io` over WebSocket (what the kubelet, and the API server in front of
// it, serve for a WebSocket port-forward): every binary message starts with a channel byte; with
// one port, channel 0 carries data both ways and channel 1 errors from the node; the first message
// on each channel from the server is the port (2 bytes, little endian), which tells us the node
// side is there. There is no half-close: ending our side ends the tunnel.
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { CreateConnection, KubeClient } from '@/lib/kube/client';
import { KubeError, kubeErrorFrom } from '@/lib/kube/errors';

export interface PodPortTarget {
  namespace: string;
  pod: string;
  port: number;
}

export interface PortForwardOptions {
  /** How long the WebSocket handshake and the node's first answer may take, and (connector) the TLS handshake inside. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const PROTOCOL = 'v4.channel.k8s.io';
const DATA = 0;
const ERROR = 1;
const DEFAULT_TIMEOUT_MS = 10_000;

function describe(target: PodPortTarget): string {
  return `pod ${target.namespace}/${target.pod} port ${target.port}`;
}

async function refusal(res: IncomingMessage, target: PodPortTarget): Promise<KubeError> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not a Status: keep the text
  }
  return kubeErrorFrom(res.statusCode ?? 0, body, { kind: 'Pod', namespace: target.namespace, name: target.pod });
}

class PortForwardStream extends Duplex {
  private readonly seenPort = [false, false];

  constructor(
    private readonly socket: WebSocket,
    private readonly target: PodPortTarget,
    private readonly onReady: () => void,
  ) {
    super();
    socket.on('message', (data: Buffer) => this.receive(data));
    socket.on('close', (code, reason) => {
      // A close before the node answered is a failure; after, the far end finished.
      if (!this.seenPort[DATA]) this.destroy(new Error(`port-forward to ${describe(target)} closed before it opened (${code} ${reason.toString()})`));
      else this.push(null);
    });
    socket.on('error', (error) => this.destroy(error));
  }

  private receive(data: Buffer): void {
    const channel = data[0];
    let payload = data.subarray(1);
    if (channel !== DATA && channel !== ERROR) return;
    if (!this.seenPort[channel]) {
      this.seenPort[channel] = true;
      payload = payload.subarray(2);
      if (channel === DATA) this.onReady();
    }
    if (payload.length === 0) return;
    if (channel === ERROR) {
      this.destroy(new Error(`port-forward to ${describe(this.target)} failed: ${payload.toString('utf8').trim()}`));
      return;
    }
    if (!this.push(payload)) this.socket.pause();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.send(Buffer.concat([Buffer.from([DATA]), chunk]), { binary: true }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.close(1000);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    callback(error);
  }
}

/**
 * Opens a port-forward to `target` with `client`'s credentials (and identity, when it acts as a
 * user) and resolves once the node side answers. Refusals by the host arrive as KubeError (403
 * without `create` on pods/portforward, 404 for a missing pod, 400 for a pod not running); an
 * error the node reports later destroys the stream with an Error naming the pod and port.
 */
export async function openPodPortForward(client: KubeClient, target: PodPortTarget, options: PortForwardOptions = {}): Promise<Duplex> {
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward`;
  const { url, agent, headers } = await client.connectionFor(path, { ports: target.port });
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const socket = new WebSocket(url, [PROTOCOL], {
    // The client's own agent: its TLS context and, for the host, its CA and client certificate.
    agent,
    headers: headers as Record<string, string>,
    handshakeTimeout: timeoutMs,
    perMessageDeflate: false,
  });
  return new Promise<Duplex>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new KubeError(0, 'Timeout', `port-forward to ${describe(target)}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onAbort = () => fail(new Error(`port-forward to ${describe(target)} aborted`));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      done();
      stream.destroy();
      reject(error);
    };
    const stream = new PortForwardStream(socket, target, () => {
      if (settled) return;
      done();
      resolve(stream);
    });
    stream.on('error', fail);
    socket.on('unexpected-response', (_req, res) => {
      refusal(res, target).then(fail, fail);
    });
    if (options.signal?.aborted) onAbort();
  });
}

/** A target, or how to find it when a connection is opened (a pod that can be replaced). */
export type PodPortTargetSource = PodPortTarget | (() => Promise<PodPortTarget>);

/**
 * An agent `createConnection` (KubeClientOptions, or `https.request({ createConnection })` for an
 * upgraded connection) that opens a fresh port-forward per connection and speaks TLS over it with
 * the options the agent passes (the vCluster's CA, client certificate, servername).
 */
export function podPortForwardConnector(client: KubeClient, target: PodPortTargetSource, options: PortForwardOptions = {}): CreateConnection {
  return (tlsOptions: ConnectionOptions, callback) => {
    const resolved = typeof target === 'function' ? target() : Promise.resolve(target);
    let tunnelTarget: PodPortTarget;
    resolved
      .then((t) => openPodPortForward(client, (tunnelTarget = t), options))
      .then((tunnel) => {
        const socket = tlsConnect({ ...tlsOptions, socket: tunnel });
        // A pod port can accept and then say nothing (a server bound but still starting): fail
        // the connection rather than leave the request waiting.
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const timer = setTimeout(() => socket.destroy(new Error(`TLS through the port-forward to ${describe(tunnelTarget)}: no handshake within ${timeoutMs} ms`)), timeoutMs);
        socket.once('secureConnect', () => clearTimeout(timer));
        // TLS over a plain stream does not end that stream with it.
        socket.once('close', () => {
          clearTimeout(timer);
          tunnel.destroy();
        });
        tunnel.once('error', (error) => socket.destroy(error));
        callback(null, socket);
      }, (error: Error) => callback(error));
    return undefined;
  };
}
