import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Secret } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import {
  LABEL_API_TOKEN,
  LABEL_TOKEN_USER,
  createApiToken,
  findApiToken,
  listAllApiTokens,
  listApiTokens,
  revokeAnyApiToken,
  revokeApiToken,
  verifyApiToken,
} from './api-tokens';
import { ensureCubbyCrds } from './crds';
import { TenancyError } from './errors';
import { labelHash } from './label-hash';

describe('personal API tokens against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('cubby-tokens');
  const options = { namespace };
  // A token stands for a subject (user and sign-in provider); groups are resolved at each use.
  const alice = { user: 'alice@example.com', provider: 'oidc' };
  const bob = { user: 'bob@example.com', provider: 'local' };
  const subject = async (token: string, opts: Parameters<typeof verifyApiToken>[2] = options) => {
    const verified = await verifyApiToken(admin, token, opts);
    return verified && { user: verified.user, provider: verified.provider };
  };

  beforeAll(async () => {
    await ensureCubbyCrds(admin, { namespace });
  });

  afterAll(async () => {
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
  });

  it('returns the token once, stores only its hash and the subject, never groups', async () => {
    const created = await createApiToken(admin, alice, { name: 'ci pipeline', expiresInDays: 30 }, options);
    expect(created.token).toMatch(/^cubby_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'ci pipeline', expired: false });
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(30 * 86_400_000);

    const secret = await admin.get<V1Secret>(ResourceTypes.Secret, `cubby-token-${created.id}`, namespace);
    const stored = Object.values(secret.data ?? {}).map((v) => Buffer.from(v, 'base64').toString());
    expect(stored.join('\n')).not.toContain(created.token);
    expect(stored).toContain(createHash('sha256').update(created.token).digest('hex'));
    expect(secret.metadata?.labels).toMatchObject({ [LABEL_API_TOKEN]: 'true', [LABEL_TOKEN_USER]: labelHash(alice.user) });
    expect(secret.immutable).toBe(true);
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['provider', 'sha256', 'user']);

    expect(await verifyApiToken(admin, created.token, options)).toEqual({ ...alice, id: created.id });
    const [listed] = await listApiTokens(admin, alice.user, options);
    expect(Object.keys(listed!).sort()).toEqual(['createdAt', 'expired', 'expiresAt', 'id', 'lastUsedAt', 'name']);
    expect(listed).toMatchObject({ id: created.id, name: 'ci pipeline' });
    await revokeApiToken(admin, alice.user, created.id, options);
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const { token } = await createApiToken(admin, bob, { name: 'laptop' }, options);
    const base = Date.now() + 3_600_000;
    const at = (ms: number) => ({ ...options, now: () => new Date(base + ms) });
    const iso = (ms: number) => new Date(base + ms).toISOString();
    const lastUsed = async () => (await listApiTokens(admin, bob.user, options))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeUndefined();
    expect(await subject(token, at(0))).toEqual(bob);
    expect(await lastUsed()).toBe(iso(0));
    expect(await subject(token, at(59_000))).toEqual(bob);
    expect(await lastUsed()).toBe(iso(0));
    expect(await subject(token, at(60_000))).toEqual(bob);
    expect(await lastUsed()).toBe(iso(60_000));
  });

  it('rejects malformed, unknown and tampered tokens', async () => {
    const { token } = await createApiToken(admin, alice, { name: 'tamper' }, options);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of ['', 'cubby_short', `Bearer ${token}`, token.toUpperCase(), flipped, `${token}x`]) {
      expect(await verifyApiToken(admin, bad, options), bad).toBeUndefined();
    }
    // A Secret at the right name but with another hash (planted, or a prefix collision) is not enough.
    const planted = `cubby_${'A'.repeat(43)}`;
    const plantedId = createHash('sha256').update(planted).digest('hex').slice(0, 32);
    await admin.create(ResourceTypes.Secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `cubby-token-${plantedId}`, namespace, labels: { [LABEL_API_TOKEN]: 'true' }, annotations: { 'cubby.dev/expires-at': '2100-01-01T00:00:00Z' } },
      type: 'cubby.dev/api-token',
      stringData: { sha256: createHash('sha256').update('something else').digest('hex'), user: 'mallory', groups: '["cubby:admins"]' },
    } as V1Secret);
    expect(await verifyApiToken(admin, planted, options)).toBeUndefined();
    expect(await subject(token)).toEqual(alice);
  });

  it('expires tokens', async () => {
    const past = { ...options, now: () => new Date(Date.now() - 3 * 86_400_000) };
    const { token, id } = await createApiToken(admin, alice, { name: 'old', expiresInDays: 2 }, past);
    expect(await subject(token, past)).toEqual(alice);
    expect(await verifyApiToken(admin, token, options)).toBeUndefined();
    expect((await listApiTokens(admin, alice.user, options)).find((t) => t.id === id)).toMatchObject({ expired: true });
  });

  it("lists only the user's own tokens and lets nobody else revoke them", async () => {
    const { token, id } = await createApiToken(admin, alice, { name: 'mine' }, options);
    expect((await listApiTokens(admin, bob.user, options)).map((t) => t.id)).not.toContain(id);
    const error = await revokeApiToken(admin, bob.user, id, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenancyError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(await subject(token)).toEqual(alice);
    expect(await revokeApiToken(admin, alice.user, 'not-an-id', options).catch((e: unknown) => (e as TenancyError).status)).toBe(404);

    await revokeApiToken(admin, alice.user, id, options);
    expect(await verifyApiToken(admin, token, options)).toBeUndefined();
    expect((await listApiTokens(admin, alice.user, options)).map((t) => t.id)).not.toContain(id);
    expect(await revokeApiToken(admin, alice.user, id, options).catch((e: unknown) => (e as TenancyError).status)).toBe(404);
  });

  it('refuses a token made before tokens named their provider (it carried frozen groups)', async () => {
    const old = `cubby_${'B'.repeat(43)}`;
    const hash = createHash('sha256').update(old).digest('hex');
    await admin.create(ResourceTypes.Secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `cubby-token-${hash.slice(0, 32)}`, namespace, labels: { [LABEL_API_TOKEN]: 'true', [LABEL_TOKEN_USER]: labelHash('carol') }, annotations: { 'cubby.dev/expires-at': '2100-01-01T00:00:00Z' } },
      type: 'cubby.dev/api-token',
      stringData: { sha256: hash, user: 'carol', groups: '["cubby:admins"]' },
    } as V1Secret);
    expect(await verifyApiToken(admin, old, options)).toBeUndefined();
  });

  it('lets admins list everybody\'s tokens with their owners and revoke any of them', async () => {
    const mine = await createApiToken(admin, alice, { name: 'alice laptop' }, options);
    const theirs = await createApiToken(admin, bob, { name: 'bob ci' }, options);
    const all = await listAllApiTokens(admin, options);
    expect(all.find((t) => t.id === mine.id)).toMatchObject({ user: alice.user, provider: 'oidc', name: 'alice laptop' });
    expect(all.find((t) => t.id === theirs.id)).toMatchObject({ user: bob.user, provider: 'local', name: 'bob ci' });
    expect(JSON.stringify(all)).not.toContain(mine.token);
    expect(await findApiToken(admin, theirs.id, options)).toMatchObject({ user: bob.user });
    expect(await findApiToken(admin, 'nope', options)).toBeUndefined();
    expect(await revokeAnyApiToken(admin, theirs.id, options)).toMatchObject({ user: bob.user, name: 'bob ci' });
    expect(await verifyApiToken(admin, theirs.token, options)).toBeUndefined();
    expect(await revokeAnyApiToken(admin, theirs.id, options).catch((e: unknown) => (e as TenancyError).status)).toBe(404);
    expect(await revokeAnyApiToken(admin, '../../etc', options).catch((e: unknown) => (e as TenancyError).status)).toBe(404);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
    [{ name: 'x', expiresInDays: 366 }, 'expiresInDays'],
    [{ name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
    [{ name: 'x', scopes: ['all'] }, 'scopes'],
  ])('refuses %j with a 400 naming %s and creates nothing', async (input, field) => {
    const before = (await listApiTokens(admin, 'carol@example.com', options)).length;
    const error = await createApiToken(admin, { user: 'carol@example.com', provider: 'local' }, input, options).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', field });
    expect((await listApiTokens(admin, 'carol@example.com', options)).length).toBe(before);
  });
});
