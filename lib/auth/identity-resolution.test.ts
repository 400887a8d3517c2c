import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeClient } from '@/lib/kube/client';

const { findSsoSignIn } = vi.hoisted(() => ({ findSsoSignIn: vi.fn() }));
vi.mock('./sso-sign-ins', () => ({ findSsoSignIn }));

const { resolveIdentity } = await import('./identity-resolution');

const host = {} as KubeClient;
const dir = mkdtempSync(join(tmpdir(), 'cubby-resolve-'));
const file = join(dir, 'accounts.json');
const hash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveIdentity', () => {
  beforeEach(() => {
    vi.stubEnv('CUBBY_LOCAL_ACCOUNTS_FILE', file);
    findSsoSignIn.mockReset();
  });

  it('gives a local user the groups the accounts file has now, and nothing once removed', async () => {
    writeFileSync(file, JSON.stringify({ accounts: [{ username: 'alice', passwordHash: hash, groups: ['cubby:admins'] }] }));
    expect(await resolveIdentity(host, { user: 'alice', provider: 'local' }, { use: 'session' })).toEqual({ user: 'alice', groups: ['cubby:admins'] });
    writeFileSync(file, JSON.stringify({ accounts: [] }));
    expect(await resolveIdentity(host, { user: 'alice', provider: 'local' }, { use: 'token' })).toBeUndefined();
    expect(findSsoSignIn).not.toHaveBeenCalled();
  });

  it('gives a single sign-on user the groups of their latest sign-in', async () => {
    findSsoSignIn.mockResolvedValue({ user: 'sam', groups: ['tenant-a'], signedInAt: new Date() });
    expect(await resolveIdentity(host, { user: 'sam', provider: 'oidc' }, { use: 'session', ssoConfigured: true })).toEqual({ user: 'sam', groups: ['tenant-a'] });
    findSsoSignIn.mockResolvedValue(undefined);
    expect(await resolveIdentity(host, { user: 'sam', provider: 'oidc' }, { use: 'session', ssoConfigured: true })).toBeUndefined();
  });

  it('ends SSO tokens after the idle cutoff since the latest sign-in, not sessions', async () => {
    const now = new Date('2030-06-01T00:00:00Z');
    const signedInAt = new Date(now.getTime() - 31 * 86_400_000);
    findSsoSignIn.mockResolvedValue({ user: 'sam', groups: [], signedInAt });
    const options = { now, ssoConfigured: true, ssoTokenIdleMs: 30 * 86_400_000 };
    expect(await resolveIdentity(host, { user: 'sam', provider: 'oidc' }, { ...options, use: 'token' })).toBeUndefined();
    expect(await resolveIdentity(host, { user: 'sam', provider: 'oidc' }, { ...options, use: 'session' })).toBeDefined();
    expect(await resolveIdentity(host, { user: 'sam', provider: 'oidc' }, { ...options, use: 'token', ssoTokenIdleMs: 32 * 86_400_000 })).toBeDefined();
  });

  it('ends every SSO credential when single sign-on is turned off, and never mixes providers', async () => {
    findSsoSignIn.mockResolvedValue({ user: 'alice', groups: ['cubby:admins'], signedInAt: new Date() });
    expect(await resolveIdentity(host, { user: 'alice', provider: 'oidc' }, { use: 'session', ssoConfigured: false })).toBeUndefined();
    // A local account named like an SSO user does not lend it its groups, nor the other way round.
    writeFileSync(file, JSON.stringify({ accounts: [{ username: 'bob', passwordHash: hash, groups: ['tenant-b'] }] }));
    findSsoSignIn.mockResolvedValue(undefined);
    expect(await resolveIdentity(host, { user: 'bob', provider: 'oidc' }, { use: 'session', ssoConfigured: true })).toBeUndefined();
  });
});
