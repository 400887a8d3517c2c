import 'server-only';
// Local accounts for small installs and the sandbox: a JSON file of users with password hashes
// and groups (CUBBY_LOCAL_ACCOUNTS_FILE). Group names decide admin rights and tenant membership,
// exactly as an OIDC groups claim does.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { verifyPassword } from './password-hash';

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

/** The account when the password matches; undefined otherwise (same answer for unknown users). */
export function verifyLocalAccount(accounts: LocalAccount[], username: string, password: string): LocalAccount | undefined {
  const account = accounts.find((a) => a.username === username);
  // Hash even for unknown users so timing does not tell which user names exist.
  const ok = verifyPassword(password, account?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  return account && ok ? account : undefined;
}
