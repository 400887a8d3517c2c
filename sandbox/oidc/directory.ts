// The sandbox identity provider's directory: its users (password hashes and groups) and its one
// client, Cubby. Both are files in the sandbox folder that the provider reads on every use, so a
// test can move a user to another group, and each dashboard started against the sandbox can
// register its own redirect URL, without restarting the provider.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@/lib/auth/password-hash';

export interface DirectoryUser {
  username: string;
  email: string;
  name: string;
  groups: string[];
  passwordHash: string;
}

export interface DirectoryClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

/** What the dashboard needs to use the provider, kept in `oidc.json`. */
export interface ProviderRecord {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export const usersFile = (dir: string) => join(dir, 'oidc-users.json');
export const clientFile = (dir: string) => join(dir, 'oidc-client.json');
export const providerFile = (dir: string) => join(dir, 'oidc.json');

const writePrivate = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });

export function readUsers(dir: string): DirectoryUser[] {
  return existsSync(usersFile(dir)) ? (JSON.parse(readFileSync(usersFile(dir), 'utf8')) as { users: DirectoryUser[] }).users : [];
}

export function writeUsers(dir: string, users: DirectoryUser[]): void {
  writePrivate(usersFile(dir), { users });
}

/** Replaces one user's groups, as an identity provider's admin would. */
export function setUserGroups(dir: string, username: string, groups: string[]): void {
  const users = readUsers(dir);
  const user = users.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username} in the sandbox identity provider`);
  user.groups = groups;
  writeUsers(dir, users);
}

export function newUser(username: string, password: string, groups: string[]): DirectoryUser {
  return { username, email: `${username}@example.test`, name: username[0]!.toUpperCase() + username.slice(1), groups, passwordHash: hashPassword(password) };
}

export function readClient(dir: string): DirectoryClient | undefined {
  return existsSync(clientFile(dir)) ? (JSON.parse(readFileSync(clientFile(dir), 'utf8')) as DirectoryClient) : undefined;
}

export function createClient(dir: string): DirectoryClient {
  const client: DirectoryClient = { clientId: 'cubby', clientSecret: randomBytes(24).toString('base64url'), redirectUris: [], postLogoutRedirectUris: [] };
  writePrivate(clientFile(dir), client);
  return client;
}

/** Lets a dashboard at `baseUrl` sign in through the provider and come back after signing out. */
export function registerDashboard(dir: string, baseUrl: string): void {
  const client = readClient(dir);
  if (!client) return;
  const redirect = `${baseUrl}/api/auth/callback/oidc`;
  const afterLogout = `${baseUrl}/signin`;
  if (client.redirectUris.includes(redirect) && client.postLogoutRedirectUris.includes(afterLogout)) return;
  client.redirectUris = [...new Set([...client.redirectUris, redirect])];
  client.postLogoutRedirectUris = [...new Set([...client.postLogoutRedirectUris, afterLogout])];
  writePrivate(clientFile(dir), client);
}

export function readProviderRecord(dir: string): ProviderRecord | undefined {
  return existsSync(providerFile(dir)) ? (JSON.parse(readFileSync(providerFile(dir), 'utf8')) as ProviderRecord) : undefined;
}

export function writeProviderRecord(dir: string, record: ProviderRecord): void {
  writePrivate(providerFile(dir), record);
}
