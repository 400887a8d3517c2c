// HTTP/2 to one API server, as client-go speaks it: many requests share a few TLS connections.
// For Cubby's informers, which keep one watch per vCluster namespace open (Secrets are readable
// only there): 2,000 watches over HTTP/1.1 are 2,000 sockets and TLS sessions, over HTTP/2 they
// are about 20 connections of at most 100 streams each, the API server's own limit per
// connection. A session takes a new stream only below the limit the server announced (and this
// client's own cap), since a stream over the limit would wait in the session's queue for a
// stream to end, which a watch does not. A session the server sends GOAWAY on takes no more
// streams and ends with its last one; an idle session closes after a while.
import { connect, type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import type { SecureContext } from 'node:tls';

export interface Http2Response {
  statusCode: number;
  body: AsyncIterable<Buffer>;
}

export interface Http2SessionsOptions {
  secureContext: SecureContext;
  servername?: string;
  rejectUnauthorized?: boolean;
  /** Streams per connection at most (the server may allow fewer). Default 100, kube-apiserver's. */
  maxStreamsPerSession?: number;
  /** A session without streams for this long is closed. */
  idleMs?: number;
}

/** The server offers no HTTP/2 (a proxy in front, say): the caller sends HTTP/1.1 instead. */
export class Http2Unsupported extends Error {}

interface Session {
  session: ClientHttp2Session;
  /** Streams open or about to be opened on it. */
  reserved: number;
  /** Resolves once the server's SETTINGS arrived, so its stream limit is known. */
  ready: Promise<void>;
  draining: boolean;
  idleTimer?: NodeJS.Timeout;
}

/** Headers HTTP/2 forbids or derives itself. */
const CONNECTION_HEADERS = new Set(['connection', 'host', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export class Http2Sessions {
  private readonly sessions = new Set<Session>();
  private unsupportedValue = false;
  private readonly maxStreams: number;
  private readonly idleMs: number;

  constructor(
    private readonly origin: string,
    private readonly options: Http2SessionsOptions,
  ) {
    this.maxStreams = options.maxStreamsPerSession ?? 100;
    this.idleMs = options.idleMs ?? 60_000;
  }

  /** True once the server turned HTTP/2 down; every later request should go over HTTP/1.1. */
  get unsupported(): boolean {
    return this.unsupportedValue;
  }

  /** Open connections and the streams on each (tests, metrics). */
  get connections(): number[] {
    return [...this.sessions].map((s) => s.reserved);
  }

  /**
   * Sends a GET (no body) and resolves with the status once the response headers arrived; the
   * body streams after. Aborting the signal resets the stream (the connection stays).
   */
  async get(path: string, headers: Record<string, string | string[]>, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Http2Response> {
    options.signal?.throwIfAborted();
    const session = await this.acquire();
    let stream: ClientHttp2Stream;
    try {
      stream = session.session.request({ ...http2Headers(headers), ':method': 'GET', ':path': path }, { endStream: true, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      this.release(session);
      throw error;
    }
    stream.once('close', () => this.release(session));
    if (options.timeoutMs) stream.setTimeout(options.timeoutMs, () => stream.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      stream.once('error', fail);
      stream.once('response', (responseHeaders) => {
        stream.off('error', fail);
        resolve({ statusCode: Number(responseHeaders[':status'] ?? 0), body: stream as AsyncIterable<Buffer> });
      });
    });
  }

  /** Closes every connection (tests, shutdown); later requests open new ones. */
  close(): void {
    for (const s of this.sessions) {
      clearTimeout(s.idleTimer);
      s.session.destroy();
    }
    this.sessions.clear();
  }

  private async acquire(): Promise<Session> {
    for (;;) {
      let chosen: Session | undefined;
      for (const s of this.sessions) {
        if (!s.draining && !s.session.closed && !s.session.destroyed && s.reserved < this.capacity(s)) {
          chosen = s;
          break;
        }
      }
      chosen ??= this.open();
      chosen.reserved++;
      clearTimeout(chosen.idleTimer);
      try {
        await chosen.ready;
      } catch (error) {
        chosen.reserved--;
        throw error;
      }
      // The limit the server announced may be lower than the one assumed while connecting.
      if (!chosen.draining && !chosen.session.closed && chosen.reserved <= this.capacity(chosen)) return chosen;
      this.release(chosen);
    }
  }

  private capacity(s: Session): number {
    const announced = s.session.remoteSettings?.maxConcurrentStreams;
    // Until the server's SETTINGS arrive Node reports the protocol's "unlimited" default.
    return Math.max(1, Math.min(this.maxStreams, announced ?? this.maxStreams));
  }

  private release(s: Session): void {
    s.reserved = Math.max(0, s.reserved - 1);
    if (s.reserved > 0 || !this.sessions.has(s)) return;
    if (s.draining) {
      this.forget(s);
      s.session.close();
      return;
    }
    clearTimeout(s.idleTimer);
    s.idleTimer = setTimeout(() => {
      if (s.reserved > 0) return;
      this.forget(s);
      s.session.close();
    }, this.idleMs);
    s.idleTimer.unref();
  }

  private forget(s: Session): void {
    clearTimeout(s.idleTimer);
    this.sessions.delete(s);
  }

  private open(): Session {
    if (this.unsupportedValue) throw new Http2Unsupported(`${this.origin} does not speak HTTP/2`);
    const session = connect(this.origin, {
      secureContext: this.options.secureContext,
      ...(this.options.servername ? { servername: this.options.servername } : {}),
      ...(this.options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      // Room for a page of a list in flight per stream, as Go's transport allows (4 MiB).
      settings: { initialWindowSize: 4 << 20, enablePush: false },
    });
    const entry: Session = { session, reserved: 0, draining: false, ready: Promise.resolve() };
    entry.ready = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        if ((error as NodeJS.ErrnoException).code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') {
          this.unsupportedValue = true;
          reject(new Http2Unsupported(`${this.origin} does not speak HTTP/2`));
        } else {
          reject(error);
        }
      };
      session.once('error', fail);
      session.once('remoteSettings', () => {
        session.off('error', fail);
        if (session.alpnProtocol !== 'h2') {
          this.unsupportedValue = true;
          session.destroy();
          reject(new Http2Unsupported(`${this.origin} chose ${session.alpnProtocol ?? 'no protocol'} over HTTP/2`));
          return;
        }
        // The connection as a whole may carry as much as its streams together.
        session.setLocalWindowSize(64 << 20);
        resolve();
      });
    });
    // A failed first connection is the caller's error; later ones end the streams on it.
    entry.ready.catch(() => undefined);
    session.on('error', () => undefined);
    session.once('goaway', () => {
      entry.draining = true;
      if (entry.reserved === 0) this.forget(entry);
    });
    session.once('close', () => this.forget(entry));
    this.sessions.add(entry);
    return entry;
  }
}

function http2Headers(headers: Record<string, string | string[]>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!CONNECTION_HEADERS.has(lower)) out[lower] = value;
  }
  return out;
}
