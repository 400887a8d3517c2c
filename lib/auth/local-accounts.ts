import 'server-only';
// Local accounts for small installs and the sandbox: a JSON file of users with password hashes
// and groups (CUBBY_LOCAL_ACCOUNTS_FILE). Group names decide admin rights and tenant membership,
// exactly as an OIDC groups claim does.
//
// The file is the truth on every request, not only at sign-in: sessions and API tokens of local
// users carry just the user name, and their groups are looked up here when they are used
// (identity-resolution.ts). currentLocalAccounts re-reads the file whenever its modification
// time, size or inode changes (an edited file, or a mounted ConfigMap/Secret swapped in), so a
// removed account or group counts from the next request on.
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { verifyPassword } from './password-hash';
import { errorFields, log } from '@/lib/observability/logger';

export const LocalAccountSchema = z.object({
  username: z.string().min(1).max(128),
  passwordHash: z.string().startsWith('scrypt$'),
  groups: z.array(z.string().min(1)).default([]),
  displayName: z.string().optional(),
});
export type LocalAccount = z.infer<typeof LocalAccountSchema>;

const AccountsFileSchema = z.object({ accounts: z.array(LocalAccountSchema) });

export function loadLocalAccounts(path = process.env.CUBBY_LOCAL_ACCOUNTS_FILE): LocalAccount[] {
  if (!path) return [];
  const parsed = AccountsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`CUBBY_LOCAL_ACCOUNTS_FILE ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data.accounts;
}

interface Loaded {
  path: string;
  stamp: string;
  accounts: LocalAccount[];
}

let loaded: Loaded | undefined;

/**
 * The accounts as the file says now. A missing or invalid file means no local accounts (fail
 * closed: nobody gets in on a file Cubby cannot read), said once in the log per change.
 */
export function currentLocalAccounts(path = process.env.CUBBY_LOCAL_ACCOUNTS_FILE): LocalAccount[] {
  if (!path) return [];
  let stamp: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch (error) {
    stamp = `missing:${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
  if (loaded && loaded.path === path && loaded.stamp === stamp) return loaded.accounts;
  let accounts: LocalAccount[] = [];
  try {
    accounts = loadLocalAccounts(path);
  } catch (error) {
    log.error({ component: 'local-accounts', path, ...errorFields(error) }, 'local accounts unavailable until the file is fixed');
  }
  loaded = { path, stamp, accounts };
  return accounts;
}

/** The account of that user name now, if any. */
export function findLocalAccount(username: string, path?: string): LocalAccount | undefined {
  return currentLocalAccounts(path).find((account) => account.username === username);
}

/** The account when the password matches; undefined otherwise (same answer for unknown users). */
export function verifyLocalAccount(accounts: LocalAccount[], username: string, password: string): LocalAccount | undefined {
  const account = accounts.find((a) => a.username === username);
  // Hash even for unknown users so timing does not tell which user names exist.
  const ok = verifyPassword(password, account?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  return account && ok ? account : undefined;
}
