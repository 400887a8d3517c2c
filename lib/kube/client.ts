// The one path by which Cubby talks to a Kubernetes API server: TLS and credentials from a
// KubeConfig (certificates, tokens, exec plugins), optional impersonation of a user and their
// groups, typed errors, JSON in and out, and line-delimited watch streams.
import { request as httpsRequest, Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createSecureContext, type ConnectionOptions } from 'node:tls';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { KubeError, kubeErrorFrom, type ObjectRef } from './errors';
import { impersonationHeaders, type Identity } from './identity';
import { Http2Sessions, Http2Unsupported } from './http2-sessions';
import { apiPrefix, collectionPath, lookupResourceType, objectPath, type ResourceType } from './resource-types';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  contentType?: string;
  ref?: ObjectRef;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface WatchOptions extends ListOptions {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export const FIELD_MANAGER = 'cubby';

/**
 * Opens the TLS connection for one request instead of dialling the server's address, e.g. over a
 * tunnel (lib/vcluster/pod-port-forward.ts). Gets the agent's TLS options (secure context,
 * servername from the server URL) and hands back a socket now or later through the callback.
 */
export type CreateConnection = (options: ConnectionOptions, callback: (error: Error | null, socket?: Duplex) => void) => Duplex | undefined;

export interface KubeClientOptions {
  createConnection?: CreateConnection;
  /**
   * Sends this client's own GETs (lists, watches, reads; not impersonated ones) over HTTP/2 when
   * the server is https and speaks it, falling back to HTTP/1.1 when it does not.
   */
  http2?: boolean;
}

/** A response's status and its body as it streams in, whichever protocol carried it. */
interface OpenResponse {
  statusCode: number;
  body: AsyncIterable<Buffer>;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class KubeClient {
  private agent: HttpsAgent | HttpAgent | undefined;
  private http2: Http2Sessions | undefined;
  private readonly discovered = new Map<string, ResourceType>();

  constructor(
    readonly kubeConfig: KubeConfig,
    readonly identity?: Identity,
    private readonly shared?: KubeClient,
    private readonly options: KubeClientOptions = {},
  ) {}

  /** The same connection and credentials, acting as `identity`. */
  as(identity: Identity): KubeClient {
    return new KubeClient(this.kubeConfig, identity, this.shared ?? this, this.options);
  }

  get server(): string {
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new KubeError(0, 'NoServer', 'the kubeconfig has no current cluster');
    return server;
  }

  private async connection(): Promise<{ options: RequestOptions; secure: boolean }> {
    const root = this.shared ?? this;
    // The KubeConfig computes fresh credentials (tokens can rotate); the agent is reused so
    // connections stay alive across requests.
    const opts: Omit<RequestOptions, 'headers'> & { headers: Record<string, string | string[]> } = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts as never);
    const secure = this.server.startsWith('https:');
    if (!root.agent) {
      root.agent = secure
        ? new HttpsAgent({
            keepAlive: true,
            // One TLS context for every connection of this client: without it Node parses the CA,
            // certificate and key again per socket, which at one watch per vCluster namespace
            // (2,000 sockets) was about 10 s of CPU and 150 MiB at start-up (bench/namespaced-secrets.ts).
            secureContext: createSecureContext({ ca: opts.ca, cert: opts.cert, key: opts.key }),
            rejectUnauthorized: opts.rejectUnauthorized,
            servername: opts.servername,
          })
        : new HttpAgent({ keepAlive: true });
      const createConnection = root.options.createConnection;
      // Agents take a connection factory only as an override of their own method.
      if (createConnection) (root.agent as unknown as { createConnection: CreateConnection }).createConnection = createConnection;
    }
    const headers: Record<string, string | string[]> = { ...opts.headers, Accept: 'application/json' };
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (this.identity) Object.assign(headers, impersonationHeaders(this.identity));
    return { options: { agent: root.agent, headers }, secure };
  }

  /**
   * What a proxy needs to send its own requests over this client's connections: the server, the
   * kept-alive agent and the credential headers (no impersonation, no Accept). For Cubby's
   * gateway, which streams requests and upgraded connections through without parsing them.
   */
  async transport(): Promise<{ server: URL; agent: HttpsAgent | HttpAgent; headers: Record<string, string | string[]>; secure: boolean }> {
    const { options, secure } = await this.connection();
    const { Accept: _accept, ...headers } = options.headers as Record<string, string | string[]>;
    for (const name of Object.keys(headers)) if (name.toLowerCase().startsWith('impersonate-')) delete headers[name];
    return { server: new URL(this.server), agent: options.agent as HttpsAgent | HttpAgent, headers, secure };
  }

  /**
   * The URL, agent and headers (credentials, impersonation) of a request to `path`, for callers
   * that open a connection of their own kind with this client's identity, such as a WebSocket.
   */
  async connectionFor(path: string, query?: Query): Promise<{ url: URL; agent: HttpsAgent | HttpAgent; headers: Record<string, string | string[]> }> {
    const { options } = await this.connection();
    const { Accept: _accept, ...headers } = options.headers as Record<string, string | string[]>;
    return { url: new URL(`${this.server.replace(/\/$/, '')}${path}${queryString(query)}`), agent: options.agent as HttpsAgent | HttpAgent, headers };
  }

  private async open(spec: RequestSpec): Promise<OpenResponse> {
    const { options, secure } = await this.connection();
    const root = this.shared ?? this;
    if (secure && spec.method === 'GET' && !this.identity && root.options.http2 && !root.http2?.unsupported) {
      const agent = root.agent as HttpsAgent;
      const server = new URL(this.server);
      root.http2 ??= new Http2Sessions(server.origin, {
        secureContext: agent.options.secureContext!,
        ...(agent.options.servername ? { servername: agent.options.servername } : {}),
        ...(agent.options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
      });
      try {
        return await root.http2.get(`${server.pathname.replace(/\/$/, '')}${spec.path}${queryString(spec.query)}`, options.headers as Record<string, string | string[]>, {
          ...(spec.signal ? { signal: spec.signal } : {}),
          ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
        });
      } catch (error) {
        if (!(error instanceof Http2Unsupported)) {
          if (spec.signal?.aborted) throw error;
          throw new KubeError(0, 'Unreachable', `cannot reach the API server at ${this.server}: ${(error as Error).message}`, spec.ref);
        }
        // The server speaks HTTP/1.1 only: this and every later request go that way.
      }
    }
    const url = new URL(`${this.server.replace(/\/$/, '')}${spec.path}${queryString(spec.query)}`);
    const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    const headers = { ...(options.headers as Record<string, string | string[]>) };
    if (body !== undefined) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { ...options, method: spec.method, headers, signal: spec.signal }, (res: IncomingMessage) => resolve({ statusCode: res.statusCode ?? 0, body: res }));
      if (spec.timeoutMs) req.setTimeout(spec.timeoutMs, () => req.destroy(new Error(`timed out after ${spec.timeoutMs} ms`)));
      req.on('error', (error) => {
        if (spec.signal?.aborted) reject(error);
        else reject(new KubeError(0, 'Unreachable', `cannot reach the API server at ${this.server}: ${error.message}`, spec.ref));
      });
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const res = await this.open(spec);
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text for the error message
    }
    const status = res.statusCode;
    if (status < 200 || status >= 300) throw kubeErrorFrom(status, parsed, spec.ref ?? {});
    return parsed as T;
  }

  /** The type of `apiVersion`/`kind`, from the built-in table or the server's discovery. */
  async resourceTypeOf(apiVersion: string, kind: string): Promise<ResourceType> {
    const known = lookupResourceType(apiVersion, kind);
    if (known) return known;
    const root = this.shared ?? this;
    const key = `${apiVersion}/${kind}`;
    const cached = root.discovered.get(key);
    if (cached) return cached;
    const list = await root.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>({
      method: 'GET',
      path: apiPrefix(apiVersion),
      ref: { kind },
    });
    const found = list.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) throw new KubeError(404, 'NotFound', `the server does not serve ${kind} in ${apiVersion}`, { kind });
    const type = { apiVersion, kind, plural: found.name, namespaced: found.namespaced };
    root.discovered.set(key, type);
    return type;
  }

  get<T>(type: ResourceType, name: string, namespace?: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>({ method: 'GET', path: objectPath(type, name, namespace), ref: { kind: type.kind, namespace, name }, signal });
  }

  /** Like get, but undefined for 404. */
  async find<T>(type: ResourceType, name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await this.get<T>(type, name, namespace);
    } catch (error) {
      if (error instanceof KubeError && error.notFound) return undefined;
      throw error;
    }
  }

  list<T>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    const { namespace, ...query } = options;
    return this.request<ObjectList<T>>({
      method: 'GET',
      path: collectionPath(type, namespace),
      query: { ...query },
      ref: { kind: type.kind, namespace },
    });
  }

  create<T>(type: ResourceType, body: KubernetesObject, namespace?: string): Promise<T> {
    return this.request<T>({
      method: 'POST',
      path: collectionPath(type, namespace ?? body.metadata?.namespace),
      query: { fieldManager: FIELD_MANAGER },
      body,
      ref: { kind: type.kind, namespace: namespace ?? body.metadata?.namespace, name: body.metadata?.name },
    });
  }

  /** Server-side apply: idempotent, and fields set by other managers are left alone. */
  async apply<T extends KubernetesObject>(object: T, options: { force?: boolean; fieldManager?: string; dryRun?: boolean } = {}): Promise<T> {
    if (!object.apiVersion || !object.kind || !object.metadata?.name) {
      throw new KubeError(400, 'Invalid', 'an applied object needs apiVersion, kind and metadata.name');
    }
    const type = await this.resourceTypeOf(object.apiVersion, object.kind);
    return this.request<T>({
      method: 'PATCH',
      path: objectPath(type, object.metadata.name, object.metadata.namespace),
      query: { fieldManager: options.fieldManager ?? FIELD_MANAGER, force: options.force ?? true, dryRun: options.dryRun ? 'All' : undefined },
      body: object,
      contentType: 'application/apply-patch+yaml',
      ref: { kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name },
    });
  }

  patch<T>(type: ResourceType, name: string, namespace: string | undefined, patch: unknown, kind: 'merge' | 'json' = 'merge', subresource?: string): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path: `${objectPath(type, name, namespace)}${subresource ? `/${subresource}` : ''}`,
      query: { fieldManager: FIELD_MANAGER },
      body: patch,
      contentType: kind === 'merge' ? 'application/merge-patch+json' : 'application/json-patch+json',
      ref: { kind: type.kind, namespace, name },
    });
  }

  replace<T>(type: ResourceType, body: KubernetesObject): Promise<T> {
    const name = body.metadata?.name ?? '';
    const namespace = body.metadata?.namespace;
    return this.request<T>({
      method: 'PUT',
      path: objectPath(type, name, namespace),
      query: { fieldManager: FIELD_MANAGER },
      body,
      ref: { kind: type.kind, namespace, name },
    });
  }

  /** Deletes; a missing object counts as deleted. */
  async delete(type: ResourceType, name: string, namespace?: string, propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background'): Promise<void> {
    try {
      await this.request({
        method: 'DELETE',
        path: objectPath(type, name, namespace),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
        ref: { kind: type.kind, namespace, name },
      });
    } catch (error) {
      if (error instanceof KubeError && error.notFound) return;
      throw error;
    }
  }

  /**
   * Streams watch events to `onEvent` until the server ends the watch, the signal aborts, or
   * the connection fails. An expired resourceVersion arrives as an ERROR event with code 410.
   */
  async watch<T>(type: ResourceType, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): Promise<void> {
    const { namespace, signal, ...query } = options;
    const res = await this.open({
      method: 'GET',
      path: collectionPath(type, namespace),
      query: { ...query, watch: true },
      ref: { kind: type.kind, namespace },
      signal,
    });
    const status = res.statusCode;
    if (status !== 200) {
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(chunk);
      let body: unknown = Buffer.concat(chunks).toString('utf8');
      try {
        body = JSON.parse(body as string);
      } catch {
        // keep text
      }
      throw kubeErrorFrom(status, body, { kind: type.kind, namespace });
    }
    let buffered = '';
    try {
      for await (const chunk of res.body) {
        buffered += chunk.toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
          newline = buffered.indexOf('\n');
        }
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  /** Ends kept-alive connections (tests, shutdown). */
  close(): void {
    const root = this.shared ?? this;
    root.agent?.destroy();
    root.http2?.close();
  }

  /** Streams open on each HTTP/2 connection; empty while none is open or HTTP/2 is off. */
  get http2Connections(): number[] {
    return (this.shared ?? this).http2?.connections ?? [];
  }
}
