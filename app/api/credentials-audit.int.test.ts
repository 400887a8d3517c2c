// Issue 8 items 3-5 from the attacker's side, through the HTTP API of a real dashboard on the
// sandbox: credentials that outlive their account, sign-in guessing, audit abuse and hostile
// input. Run through `npm test` (it sets CUBBY_TEST_BASE_URL).
import { request as httpRequest } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/auth/password-hash';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { accountsFile } from '@/sandbox/seed';
import { sandboxDir } from '@/sandbox/host/state';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { ApiCaller, baseUrl, sandboxCredential } from './api-client.testing';

const host = new KubeClient(sandboxKubeConfig());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request from a chosen loopback source address (the server sees a distinct client). */
function from(localAddress: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(`${baseUrl()}${path}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method, headers: { ...headers, host: url.host }, localAddress },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A local sign-in attempt from an address; the status of next-auth's callback. */
async function signInFrom(localAddress: string, username: string, password: string): Promise<Answer> {
  const csrf = await from(localAddress, 'GET', '/api/auth/csrf');
  const cookies = ([] as string[]).concat(csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username, password, json: 'true' }).toString();
  return from(localAddress, 'POST', '/api/auth/callback/local', { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, 'content-length': String(Buffer.byteLength(form)) }, form);
}

const signedIn = (answer: Answer) => ([] as string[]).concat(answer.headers['set-cookie'] ?? []).some((c) => c.startsWith('next-auth.session-token='));

interface AuditItem {
  action: string;
  actor: { user: string };
  result: string;
  message?: string;
  vcluster?: string;
}

async function audit(admin: ApiCaller, query: string): Promise<AuditItem[]> {
  const answer = await admin.call<{ items: AuditItem[] }>('GET', `/api/audit?${query}&limit=200`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

/** The accounts file of the sandbox the dashboard reads; tests add and remove an account. */
const file = () => accountsFile(sandboxDir());
type Accounts = { accounts: Array<{ username: string; passwordHash: string; groups: string[] }> };
const readAccounts = () => JSON.parse(readFileSync(file(), 'utf8')) as Accounts;
const writeAccounts = (accounts: Accounts) => writeFileSync(file(), `${JSON.stringify(accounts, null, 2)}\n`);

describe('access ends when membership ends', () => {
  const user = uniqueName('temp').slice(0, 24);
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  let admin: ApiCaller;
  const original = readAccounts();

  const setGroups = (groups: string[] | undefined) => {
    const accounts = original.accounts.filter((a) => a.username !== user);
    if (groups) accounts.push({ username: user, passwordHash: hashPassword(password), groups });
    writeAccounts({ accounts });
  };

  beforeAll(async () => {
    admin = await ApiCaller.signIn('admin');
  });
  afterAll(() => writeAccounts(original));

  it('a removed admin group and then a removed account count from the next request, for the session and its token', async () => {
    setGroups(['tenant-a:members', 'cubby:admins']);
    const session = new ApiCaller();
    const { csrfToken } = (await session.call<{ csrfToken: string }>('GET', '/api/auth/csrf')).body;
    const signIn = await session.raw('POST', '/api/auth/callback/local', new URLSearchParams({ csrfToken, username: user, password, json: 'true' }).toString(), 'application/x-www-form-urlencoded');
    expect(signIn.status).toBeLessThan(500);
    const created = await session.call<{ token: string; id: string }>('POST', '/api/tokens', { name: 'ci', expiresInDays: 1 });
    expect(created.status).toBe(201);
    const script = ApiCaller.withToken(created.body.token);
    expect((await session.call('GET', '/api/admin/tokens')).status).toBe(200);
    expect((await script.call('GET', '/api/admin/tokens')).status).toBe(200);

    // Out of the admin group: both are plain members at once.
    setGroups(['tenant-a:members']);
    expect((await session.call('GET', '/api/admin/tokens')).status).toBe(403);
    expect((await script.call('GET', '/api/admin/tokens')).status).toBe(403);
    expect((await session.call<{ admin: boolean; tenants: string[] }>('GET', '/api/me')).body).toMatchObject({ admin: false, tenants: ['tenant-a'] });
    expect((await script.call<{ tenants: string[] }>('GET', '/api/me')).body.tenants).toEqual(['tenant-a']);

    // Out of the tenant's group: no tenant any more.
    setGroups([]);
    expect((await script.call<{ tenants: string[] }>('GET', '/api/me')).body.tenants).toEqual([]);

    // Account removed: the cookie and the token are worth nothing, and the token cannot create.
    setGroups(undefined);
    expect((await session.call('GET', '/api/me')).status).toBe(401);
    expect((await script.call('GET', '/api/me')).status).toBe(401);
    const name = uniqueName('ghost').slice(0, 20);
    expect((await script.call('POST', '/api/vclusters', { name, template: 'standard', tenant: 'tenant-a' })).status).toBe(401);
    expect(await host.find(ResourceTypes.Namespace, `vc-tenant-a--${name}`)).toBeUndefined();
    // The page sends the signed-out visitor to sign in instead of rendering for them.
    const page = await session.raw('GET', '/tokens');
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get('location')).toContain('/signin');

    const trail = await audit(admin, `actor=${encodeURIComponent(user)}`);
    expect(trail.map((r) => `${r.action} ${r.result}`)).toEqual(expect.arrayContaining(['auth.signin success', 'token.create success', 'request.denied denied']));
  });

  it('admins list everybody\'s tokens and revoke any; others may not', async () => {
    const alice = await ApiCaller.signIn('alice');
    const created = await alice.call<{ token: string; id: string }>('POST', '/api/tokens', { name: 'to be revoked', expiresInDays: 1 });
    expect(created.status).toBe(201);
    const listed = await admin.call<{ items: Array<{ id: string; user: string; provider: string; name: string }> }>('GET', '/api/admin/tokens');
    expect(listed.body.items.find((t) => t.id === created.body.id)).toMatchObject({ user: 'alice', provider: 'local', name: 'to be revoked' });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await alice.call('GET', '/api/admin/tokens')).status).toBe(403);
    expect((await alice.call('DELETE', `/api/admin/tokens/${created.body.id}`)).status).toBe(403);
    expect((await ApiCaller.withToken(created.body.token).call('GET', '/api/me')).status).toBe(200);

    expect((await admin.call('DELETE', `/api/admin/tokens/${created.body.id}`)).status).toBe(204);
    expect((await ApiCaller.withToken(created.body.token).call('GET', '/api/me')).status).toBe(401);
    expect((await admin.call('DELETE', `/api/admin/tokens/${created.body.id}`)).status).toBe(404);
    const revoked = (await audit(admin, 'action=token.revoke')).find((r) => r.actor.user === 'admin' && r.result === 'success' && r.message?.includes(created.body.id));
    expect(revoked).toMatchObject({ result: 'success', message: expect.stringContaining('of alice') });
    expect((await audit(admin, 'action=token.create')).some((r) => r.actor.user === 'alice' && r.message?.includes('to be revoked'))).toBe(true);
  });
});

describe('sign-in is audited and rate limited', () => {
  let admin: ApiCaller;
  beforeAll(async () => {
    admin = await ApiCaller.signIn('admin');
  });

  it('records failures and refuses an account after 5 failures with 429 and Retry-After, the right password too', async () => {
    // A source address of its own, so the per-address count of other tests is untouched.
    const address = '127.0.0.61';
    const victim = uniqueName('victim');
    for (let i = 0; i < 5; i++) {
      const attempt = await signInFrom(address, victim, `guess-${i}`);
      expect(attempt.status).toBeLessThan(500);
      expect(attempt.status).not.toBe(429);
      expect(signedIn(attempt)).toBe(false);
    }
    const limited = await signInFrom(address, victim, 'guess-5');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.text)).toMatchObject({ error: { code: 'rate_limited' } });
    const trail = await audit(admin, `actor=${encodeURIComponent(victim)}&action=auth.signin`);
    expect(trail.filter((r) => r.result === 'denied').length).toBe(6);
    expect(trail.some((r) => r.message?.includes('rate limited (account)'))).toBe(true);
    expect(trail.every((r) => r.message?.includes(address))).toBe(true);
  });

  it('refuses an address after 20 failures whatever names it tries, while other addresses still sign in', async () => {
    const address = '127.0.0.62';
    for (let i = 0; i < 20; i++) expect((await signInFrom(address, uniqueName(`spray${i}`), 'x')).status).not.toBe(429);
    const blocked = await signInFrom(address, 'alice', sandboxCredential('alice').password);
    expect(blocked.status).toBe(429);
    expect(signedIn(blocked)).toBe(false);
    // X-Forwarded-For from the client does not move it to another address: no proxy is trusted.
    const csrf = await from(address, 'GET', '/api/auth/csrf', { 'x-forwarded-for': '203.0.113.99' });
    expect(csrf.status).toBe(200);
    const spoofed = await signInFromWith(address, { 'x-forwarded-for': '203.0.113.99' });
    expect(spoofed.status).toBe(429);
    const elsewhere = await signInFrom('127.0.0.63', 'alice', sandboxCredential('alice').password);
    expect(signedIn(elsewhere)).toBe(true);
  });

  it('records a successful sign-in with the groups it resolved to', async () => {
    await ApiCaller.signIn('bob');
    const trail = await audit(admin, 'actor=bob&action=auth.signin&result=success');
    expect(trail[0]).toMatchObject({ actor: { user: 'bob', groups: ['tenant-b:members'] } });
  });

  it('refuses an oversize sign-in body with 413 and a non-string user name as a failed attempt', async () => {
    const huge = await ApiCaller.anonymous().raw('POST', '/api/auth/callback/local', `username=${'a'.repeat(100_000)}&password=x`, 'application/x-www-form-urlencoded');
    expect(huge.status).toBe(413);
    const odd = await ApiCaller.anonymous().raw('POST', '/api/auth/callback/local', JSON.stringify({ username: { $ne: '' }, password: ['x'], json: 'true' }));
    expect(odd.status).toBeLessThan(500);
  });
});

/** A sign-in attempt for alice with extra headers on the POST. */
async function signInFromWith(address: string, headers: Record<string, string>): Promise<Answer> {
  const csrf = await from(address, 'GET', '/api/auth/csrf', headers);
  const cookies = ([] as string[]).concat(csrf.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username: 'alice', password: sandboxCredential('alice').password, json: 'true' }).toString();
  return from(address, 'POST', '/api/auth/callback/local', { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, 'content-length': String(Buffer.byteLength(form)) }, form);
}

describe('no input gives a 5xx, and each refusal changes nothing and is recorded', () => {
  let alice: ApiCaller;
  let admin: ApiCaller;
  beforeAll(async () => {
    [alice, admin] = await Promise.all([ApiCaller.signIn('alice'), ApiCaller.signIn('admin')]);
  });
  afterAll(() => host.close());

  it('refuses Origin null, malformed origins and a spoofed X-Forwarded-Host with 403', async () => {
    const name = uniqueName('csrf').slice(0, 20);
    const body = { name, template: 'standard' };
    const tries: Array<Record<string, string>> = [{ Origin: 'null' }, { Origin: 'not a url' }, { Origin: 'file:///' }, { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' }];
    for (const headers of tries) {
      const answer = await alice.call<{ error: { code: string } }>('POST', '/api/vclusters', body, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
    expect(await host.find(ResourceTypes.Namespace, `vc-tenant-a--${name}`)).toBeUndefined();
    expect((await audit(admin, 'actor=alice&action=request.denied')).some((r) => r.message?.includes("origin 'null'"))).toBe(true);
  });

  it('refuses JSON nested 100,000 deep (400), a 10 MB body (413) and non-JSON content types (415)', async () => {
    const deep = `{"name":"deep","template":"standard","options":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const nested = await alice.raw('POST', '/api/vclusters', deep);
    expect(nested.status).toBe(400);
    const patchDeep = await alice.raw('PATCH', '/api/vclusters/tenant-a/none', `{"expectedVersion":"1","options":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`);
    expect(patchDeep.status).toBe(400);
    const big = await alice.raw('POST', '/api/vclusters', JSON.stringify({ name: 'big', template: 'standard', options: { pad: 'x'.repeat(10 * 1024 * 1024) } }));
    expect(big.status).toBe(413);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await alice.raw('POST', '/api/vclusters', JSON.stringify({ name: 'plain', template: 'standard' }), type);
      expect(answer.status, type).toBe(415);
    }
    for (const name of ['deep', 'big', 'plain']) expect(await host.find(ResourceTypes.Namespace, `vc-tenant-a--${name}`)).toBeUndefined();
    const refused = await audit(admin, 'actor=alice&action=change.refused');
    expect(refused.some((r) => r.message?.includes('415'))).toBe(true);
    expect(refused.some((r) => r.message?.includes('413'))).toBe(true);
  });

  it('answers names of any length with 400, recording them cut', async () => {
    for (const length of [64, 253, 10_000, 500_000]) {
      const name = `a${'b'.repeat(length - 1)}`;
      const answer = await alice.call<{ error: { code: string; message: string } }>('POST', '/api/vclusters', { name, template: 'standard' });
      expect(answer.status, String(length)).toBe(400);
      expect(answer.body.error.message.length).toBeLessThan(2000);
    }
    const path = await alice.call('GET', `/api/vclusters/tenant-a/${'c'.repeat(5000)}`);
    expect(path.status).toBe(404);
    const tenant = await admin.call('POST', '/api/tenants', { name: 'x'.repeat(100_000), spec: { members: { users: [], groups: [] }, quota: { maxVClusters: 1 }, templates: [] } });
    expect(tenant.status).toBe(400);
    const records = await audit(admin, 'actor=alice&action=vcluster.create');
    const cut = records.filter((r) => r.vcluster?.startsWith('abbb'));
    expect(cut.length).toBeGreaterThanOrEqual(4);
    expect(cut.every((r) => Array.from(r.vcluster!).length <= 63)).toBe(true);
  });

  it('answers a flood of anonymous requests without a 5xx and keeps the trail bounded', async () => {
    const address = '127.0.0.64';
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await from(address, 'GET', '/api/vclusters')).status);
    expect([...statuses]).toEqual([401]);
    const trail = (await audit(admin, `actor=system:anonymous&action=request.denied`)).filter((r) => r.message?.includes(address));
    // 30 a minute per address, the rest counted in the next record that gets through.
    expect(trail.length).toBeGreaterThan(0);
    expect(trail.length).toBeLessThanOrEqual(30);
  });
});
