// For the HTTP API tests: a caller of the running dashboard (CUBBY_TEST_BASE_URL), signed in
// through next-auth's credentials flow with a sandbox account, or with a Bearer token.
import { readFileSync } from 'node:fs';
import { credentialsFile, type SandboxCredential } from '@/sandbox/seed';
import { sandboxDir } from '@/sandbox/host/state';

export function baseUrl(): string {
  const url = process.env.CUBBY_TEST_BASE_URL;
  if (!url) throw new Error('CUBBY_TEST_BASE_URL is not set: run the API tests through `npm test`, which builds and serves the dashboard');
  return url.replace(/\/$/, '');
}

export function sandboxCredential(username: string): SandboxCredential {
  const all = JSON.parse(readFileSync(credentialsFile(sandboxDir()), 'utf8')) as SandboxCredential[];
  const found = all.find((c) => c.username === username);
  if (!found) throw new Error(`no sandbox account ${username}`);
  return found;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiCaller {
  private cookies = new Map<string, string>();
  constructor(private readonly bearer?: string) {}

  static anonymous(): ApiCaller {
    return new ApiCaller();
  }

  static withToken(token: string): ApiCaller {
    return new ApiCaller(token);
  }

  static async signIn(username: string): Promise<ApiCaller> {
    const caller = new ApiCaller();
    const { csrfToken } = (await caller.call<{ csrfToken: string }>('GET', '/api/auth/csrf')).body;
    const form = new URLSearchParams({ csrfToken, username, password: sandboxCredential(username).password, json: 'true' });
    const res = await caller.raw('POST', '/api/auth/callback/local', form.toString(), 'application/x-www-form-urlencoded');
    if (!caller.cookies.has('next-auth.session-token')) throw new Error(`sign-in of ${username} failed (${res.status})`);
    return caller;
  }

  private remember(headers: Headers): void {
    for (const cookie of headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  }

  async raw(method: string, path: string, body?: string, contentType = 'application/json', extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = contentType;
    if (this.bearer) headers.Authorization = `Bearer ${this.bearer}`;
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // Pages of the dashboard send their Origin; so do these calls unless a test says otherwise.
    if (!('Origin' in headers) && method !== 'GET') headers.Origin = baseUrl();
    if (headers.Origin === '') delete headers.Origin;
    const res = await fetch(`${baseUrl()}${path}`, { method, headers, body, redirect: 'manual' });
    this.remember(res.headers);
    return res;
  }

  async call<T = unknown>(method: string, path: string, json?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const res = await this.raw(method, path, json === undefined ? undefined : JSON.stringify(json), 'application/json', extraHeaders);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a kubeconfig file, an empty 204)
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }
}

/** Polls `read` until `done` holds; returns the last value. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 500));
    last = await read();
  }
  return last;
}
