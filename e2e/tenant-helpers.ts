// Shared by the tenant browser tests: sandbox accounts, signing in through the real form,
// screenshots, kubectl against the sandbox.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { sandboxDir } from '@/sandbox/host/state';
import { runningSandbox } from '@/sandbox/testing';

export function baseUrl(): string {
  return (process.env.CUBBY_TEST_BASE_URL ?? 'http://localhost:3100').replace(/\/$/, '');
}

/** The sandbox's generated passwords (`npm run sandbox` prints them too). */
export function sandboxCredential(username: string): { username: string; password: string } {
  const all = JSON.parse(readFileSync(join(sandboxDir(), 'credentials.json'), 'utf8')) as Array<{ username: string; password: string }>;
  const found = all.find((c) => c.username === username);
  if (!found) throw new Error(`no sandbox account ${username}`);
  return found;
}

/** An API client signed in through next-auth's credentials callback, for setup and cleanup. */
export async function apiAs(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { Origin: baseUrl() } });
  const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
  await api.post('/api/auth/callback/local', {
    form: { csrfToken, username, password: sandboxCredential(username).password, json: 'true' },
    maxRedirects: 0,
  });
  const me = await api.get('/api/me');
  if (!me.ok()) throw new Error(`API sign-in of ${username} failed (${me.status()})`);
  return api;
}

/** An API client that authenticates with a personal API token. */
export function apiWithToken(token: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

export const SCREENSHOTS = join(__dirname, 'screenshots');

export async function signIn(page: Page, username: string, password = sandboxCredential(username).password): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My vClusters' })).toBeVisible();
}

/** The whole HTML answer the server streams at `path` for the session of `page`. */
export async function servedHtml(page: Page, path: string): Promise<string> {
  const answer = await page.request.get(path);
  expect(answer.status(), path).toBe(200);
  return answer.text();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let skeletons and transitions settle; screenshots are for people to look at.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export function kubectl(kubeconfig: string, args: string[], input?: string): string {
  return execFileSync(join(runningSandbox().binDir, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 30_000,
  });
}

export function hostKubeconfig(): string {
  return runningSandbox().kubeconfig;
}

/** A name no earlier run used; vCluster names are at most 40 characters. */
export function uniqueVClusterName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`.slice(0, 40);
}

export async function setMarker(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __cubbyMarker?: string }).__cubbyMarker = 'same-document';
  });
}

/** True while no full page load happened since setMarker. */
export async function markerSurvived(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __cubbyMarker?: string }).__cubbyMarker === 'same-document');
}
