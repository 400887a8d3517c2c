// Issue 9 item 5: two Cubby servers against one host, as a chart with two replicas runs them.
// A second server of the same build starts here beside the one `npm test` serves; the admin's
// browser is connected to the second while changes go through the first, and back. Nothing is
// shared between them but the host cluster (and the session secret, as replicas share a Secret).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiAs, baseUrl, sandboxCredential } from './tenant-helpers';

const root = join(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilUp(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the second server at ${url} did not become ready`);
}

async function signInAt(page: Page, server: string, username: string): Promise<void> {
  await page.goto(`${server}/signin`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(sandboxCredential(username).password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My vClusters' })).toBeVisible();
}

test.describe.serial('two Cubby servers on one host', () => {
  const tenant = `e2e-rep-${Date.now().toString(36)}`;
  let second: ChildProcess | undefined;
  let secondUrl = '';
  let viaFirst: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const port = await freePort();
    secondUrl = `http://localhost:${port}`;
    // The same build and settings as the first server (CUBBY_NEXT_DIST_DIR, the sandbox), in a
    // process group of its own so that it can be stopped with everything it started.
    second = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', 'sandbox/cli.ts', 'serve', String(port)], {
      cwd: root,
      env: process.env,
      detached: true,
      stdio: 'ignore',
    });
    await waitUntilUp(secondUrl);
    viaFirst = await apiAs('admin');
  });

  test.afterAll(async () => {
    await viaFirst?.delete(`/api/tenants/${tenant}`).catch(() => undefined);
    await viaFirst?.dispose();
    if (second?.pid) process.kill(-second.pid, 'SIGTERM');
  });

  test('a tenant created through one server appears live in a browser on the other, and its removal too', async ({ page }) => {
    expect(secondUrl).not.toBe(baseUrl());
    await signInAt(page, secondUrl, 'admin');
    await page.goto(`${secondUrl}/admin`);
    const row = page.getByTestId(`tenant-row-${tenant}`);
    await expect(page.getByTestId('tenant-row-tenant-a')).toBeVisible();
    await expect(row).toHaveCount(0);

    const made = await viaFirst.post('/api/tenants', {
      data: { name: tenant, spec: { displayName: 'Replica test', members: { users: [], groups: [`${tenant}:members`] }, quota: { maxVClusters: 1 }, templates: ['standard'] } },
    });
    expect(made.status(), await made.text()).toBe(201);
    // No reload: the second server's own informers saw the change and told the browser.
    await expect(row).toBeVisible({ timeout: 15_000 });
    expect(page.url()).toBe(`${secondUrl}/admin`);

    const removed = await viaFirst.delete(`/api/tenants/${tenant}`);
    expect(removed.status(), await removed.text()).toBeLessThan(300);
    await expect(row).toHaveCount(0, { timeout: 15_000 });
  });
});
