import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { currentLocalAccounts, findLocalAccount } from './local-accounts';
import { log } from '@/lib/observability/logger';

const dir = mkdtempSync(join(tmpdir(), 'cubby-accounts-'));
const file = join(dir, 'accounts.json');
const hash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const write = (path: string, accounts: Array<{ username: string; groups: string[] }>) =>
  writeFileSync(path, JSON.stringify({ accounts: accounts.map((a) => ({ ...a, passwordHash: hash })) }));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('currentLocalAccounts', () => {
  it('follows the file: a removed account or group is gone on the next read', () => {
    write(file, [{ username: 'alice', groups: ['tenant-a', 'cubby:admins'] }, { username: 'bob', groups: [] }]);
    expect(findLocalAccount('alice', file)?.groups).toEqual(['tenant-a', 'cubby:admins']);
    write(file, [{ username: 'alice', groups: ['tenant-a'] }]);
    expect(findLocalAccount('alice', file)?.groups).toEqual(['tenant-a']);
    expect(findLocalAccount('bob', file)).toBeUndefined();
  });

  it('sees a file swapped in by rename (a mounted Secret or ConfigMap update)', () => {
    const next = join(dir, 'next.json');
    write(next, [{ username: 'carol', groups: ['x'] }]);
    renameSync(next, file);
    expect(currentLocalAccounts(file).map((a) => a.username)).toEqual(['carol']);
  });

  it('fails closed on a missing or invalid file, and recovers when it is fixed', () => {
    const errors = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    writeFileSync(file, '{"accounts": [{"username": ""}]}');
    expect(currentLocalAccounts(file)).toEqual([]);
    rmSync(file);
    expect(currentLocalAccounts(file)).toEqual([]);
    write(file, [{ username: 'alice', groups: [] }]);
    expect(findLocalAccount('alice', file)).toBeDefined();
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
