import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Secret } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { LABEL_API_TOKEN, LABEL_TOKEN_USER, createApiToken, listApiTokens, revokeApiToken, verifyApiToken } from './api-tokens';
import { ensureCubbyCrds } from './crds';
import { TenancyError } from './errors';
import { labelHash } from './label-hash';

describe('personal API tokens against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('cubby-tokens');
  const options = { namespace };
  const alice = { user: 'alice@example.com', groups: ['team-a', 'cubby:admins'] };
  const bob = { user: 'bob@example.com', groups: ['team-b'] };

  beforeAll(async () => {
    await ensureCubbyCrds(admin, { namespace });
  });

  afterAll(async () => {
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
  });

  it('returns the token once, stores only its hash, and verifies it to the identity at creation', async () => {
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

    expect(await verifyApiToken(admin, created.token, options)).toEqual(alice);
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
    expect(await verifyApiToken(admin, token, at(0))).toEqual(bob);
    expect(await lastUsed()).toBe(iso(0));
    expect(await verifyApiToken(admin, token, at(59_000))).toEqual(bob);
    expect(await lastUsed()).toBe(iso(0));
    expect(await verifyApiToken(admin, token, at(60_000))).toEqual(bob);
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
    expect(await verifyApiToken(admin, token, options)).toEqual(alice);
  });

  it('expires tokens', async () => {
    const past = { ...options, now: () => new Date(Date.now() - 3 * 86_400_000) };
    const { token, id } = await createApiToken(admin, alice, { name: 'old', expiresInDays: 2 }, past);
    expect(await verifyApiToken(admin, token, past)).toEqual(alice);
    expect(await verifyApiToken(admin, token, options)).toBeUndefined();
    expect((await listApiTokens(admin, alice.user, options)).find((t) => t.id === id)).toMatchObject({ expired: true });
  });

  it("lists only the user's own tokens and lets nobody else revoke them", async () => {
    const { token, id } = await createApiToken(admin, alice, { name: 'mine' }, options);
    expect((await listApiTokens(admin, bob.user, options)).map((t) => t.id)).not.toContain(id);
    const error = await revokeApiToken(admin, bob.user, id, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenancyError);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(await verifyApiToken(admin, token, options)).toEqual(alice);
    expect(await revokeApiToken(admin, alice.user, 'not-an-id', options).catch((e: unknown) => (e as TenancyError).status)).toBe(404);

    await revokeApiToken(admin, alice.user, id, options);
    expect(await verifyApiToken(admin, token, options)).toBeUndefined();
    expect((await listApiTokens(admin, alice.user, options)).map((t) => t.id)).not.toContain(id);
    expect(await revokeApiToken(admin, alice.user, id, options).catch((e: unknown) => (e as TenancyError).status)).toBe(404);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
    [{ name: 'x', expiresInDays: 366 }, 'expiresInDays'],
    [{ name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
    [{ name: 'x', scopes: ['all'] }, 'scopes'],
  ])('refuses %j with a 400 naming %s and creates nothing', async (input, field) => {
    const before = (await listApiTokens(admin, 'carol@example.com', options)).length;
    const error = await createApiToken(admin, { user: 'carol@example.com', groups: [] }, input, options).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', field });
    expect((await listApiTokens(admin, 'carol@example.com', options)).length).toBe(before);
  });
});
