// A small JSON client for the Kubernetes API, authenticated from a client-node KubeConfig.
// The runtime copies whole specs and statuses between two clusters; client-node's typed calls
// round-trip objects through its model classes (dates become Date objects, fields the 1.34
// models do not know are dropped), so the syncers speak plain JSON instead and keep every field
// exactly as the API server sent it.
import { Agent, request, type RequestOptions } from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';

/** A client-node model as it arrives over the wire: timestamps are strings, not Dates. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  creationTimestamp?: string;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface KubeList<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** An API error with the HTTP status in `code`, like client-node's ApiException. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
    /** The API server's own message (the Status `message`), as clients print it. */
    readonly apiMessage?: string,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

type Query = Record<string, string | number | boolean | undefined>;

interface RequestInit {
  query?: Query;
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class KubeClient {
  private constructor(
    readonly server: URL,
    private readonly agent: Agent,
    private readonly headers: Record<string, string>,
  ) {}

  static async fromKubeConfig(kc: KubeConfig): Promise<KubeClient> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === 'string' || typeof value === 'number') headers[key] = String(value);
    }
    const agent = new Agent({
      keepAlive: true,
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      ...(opts.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: opts.rejectUnauthorized }),
    });
    return new KubeClient(new URL(cluster.server), agent, headers);
  }

  /** The agent and credential headers, for a request the client does not make itself (an upgrade). */
  connection(): { agent: Agent; headers: Record<string, string> } {
    return { agent: this.agent, headers: { ...this.headers } };
  }

  /** Closes idle keep-alive sockets; in-flight requests and watches finish on their own. */
  close(): void {
    this.agent.destroy();
  }

  private url(path: string, query?: Query): URL {
    const url = new URL(path, this.server);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async request<T>(method: string, path: string, init: RequestInit = {}): Promise<T> {
    const url = this.url(path, init.query);
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers: Record<string, string> = { ...this.headers, Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = init.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise<T>((resolve, reject) => {
      const req = request(url, { method, agent: this.agent, headers, timeout: init.timeoutMs ?? REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          if (status >= 200 && status < 300) {
            resolve(parsed as T);
            return;
          }
          const body = parsed as { message?: string; reason?: string } | undefined;
          reject(new KubeError(status, `${method} ${url.pathname}: ${status} ${body?.message ?? text.slice(0, 200)}`, body?.reason, body?.message));
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** The object, or undefined when it does not exist. */
  async get<T>(path: string, query?: Query): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path, { query });
    } catch (error) {
      if (errorCode(error) === 404) return undefined;
      throw error;
    }
  }

  list<T>(path: string, query?: Query): Promise<KubeList<T>> {
    return this.request<KubeList<T>>('GET', path, { query });
  }

  create<T>(collectionPath: string, body: T): Promise<T> {
    return this.request<T>('POST', collectionPath, { body });
  }

  replace<T>(path: string, body: T): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  mergePatch<T>(path: string, patch: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body: patch, contentType: 'application/merge-patch+json' });
  }

  /** Server-side apply, taking over fields from other managers like kubectl's --force-conflicts. */
  apply<T>(path: string, body: T, fieldManager: string): Promise<T> {
    return this.request<T>('PATCH', path, {
      body,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager, force: true },
    });
  }

  /** Deletes; false when it was already gone. */
  async delete(path: string, options: { gracePeriodSeconds?: number; uid?: string; propagationPolicy?: string; labelSelector?: string } = {}): Promise<boolean> {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    if (options.uid) body.preconditions = { uid: options.uid };
    if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
    try {
      await this.request('DELETE', path, { body, query: { labelSelector: options.labelSelector } });
      return true;
    } catch (error) {
      // 409: the uid precondition failed, so the object we meant is gone already.
      if (errorCode(error) === 404 || (options.uid && errorCode(error) === 409)) return false;
      throw error;
    }
  }

  /**
   * Streams a watch until the server ends it (resolves) or it fails (rejects). Aborting the
   * signal ends it quietly.
   */
  watch<T>(path: string, query: Query, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal): Promise<void> {
    const url = this.url(path, { ...query, watch: 1 });
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const req = request(url, { method: 'GET', agent: this.agent, headers: { ...this.headers, Accept: 'application/json' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => reject(new KubeError(status, `watch ${url.pathname}: ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`)));
          res.on('error', reject);
          return;
        }
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        lines.on('line', (line) => {
          if (!line.trim()) return;
          let event: WatchEvent<T>;
          try {
            event = JSON.parse(line) as WatchEvent<T>;
          } catch {
            return;
          }
          onEvent(event);
        });
        const fail = (error: Error) => (signal.aborted ? resolve() : reject(error));
        lines.on('close', () => resolve());
        // readline re-emits the response's errors (a server going away mid-stream).
        lines.on('error', fail);
        res.on('error', fail);
      });
      const abort = () => req.destroy();
      signal.addEventListener('abort', abort, { once: true });
      req.on('close', () => signal.removeEventListener('abort', abort));
      req.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
      req.end();
    });
  }
}

/** `/api/v1/namespaces/NS/RESOURCE[/NAME]` or the group form, for namespaced and cluster-scoped kinds. */
export function resourcePath(groupVersion: string, resource: string, namespace?: string, name?: string): string {
  const base = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const suffix = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${resource}${suffix}`;
}
