// Starts the sandbox identity provider beside the host: its directory (users in groups that map
// to the seeded tenants and the admin group, random passwords), a free port, and a wait until
// its discovery document answers.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../host/ports';
import { startDetached, type RunningProcess } from '../host/processes';
import { projectRoot } from '../host/state';
import { createClient, newUser, writeProviderRecord, writeUsers } from './directory';

export interface SsoCredential {
  username: string;
  password: string;
  groups: string[];
  role: string;
}

/** Single sign-on users of the sandbox; their groups are the ones the seeded tenants and admins use. */
export const SSO_USERS = [
  { username: 'carol', groups: ['tenant-a:members'], role: 'single sign-on, member of tenant-a' },
  { username: 'dave', groups: ['tenant-b:members'], role: 'single sign-on, member of tenant-b' },
  { username: 'erin', groups: ['cubby:admins'], role: 'single sign-on, admin' },
] as const;

const credentialsFile = (dir: string) => join(dir, 'oidc-credentials.json');

export function storedSsoCredentials(dir: string): SsoCredential[] {
  return existsSync(credentialsFile(dir)) ? (JSON.parse(readFileSync(credentialsFile(dir), 'utf8')) as SsoCredential[]) : [];
}

async function waitForDiscovery(issuer: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the sandbox identity provider did not answer at ${issuer} (${last})`);
}

export async function startIdentityProvider(dir: string): Promise<RunningProcess> {
  const credentials: SsoCredential[] = SSO_USERS.map((u) => ({ username: u.username, password: randomBytes(9).toString('base64url'), groups: [...u.groups], role: u.role }));
  writeUsers(dir, credentials.map((c) => newUser(c.username, c.password, c.groups)));
  writeFileSync(credentialsFile(dir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  const client = createClient(dir);
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  writeProviderRecord(dir, { issuer, clientId: client.clientId, clientSecret: client.clientSecret });
  const daemon = startDetached(
    'oidc-provider',
    process.execPath,
    [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(projectRoot, 'sandbox', 'oidc', 'main.ts')],
    join(dir, 'logs', 'oidc-provider.log'),
    { ...process.env, CUBBY_SANDBOX_DIR: dir, CUBBY_OIDC_PORT: String(port) },
  );
  await waitForDiscovery(issuer, 30_000);
  return daemon;
}
