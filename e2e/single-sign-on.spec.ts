// Single sign-on through the sandbox's real OpenID Connect provider (oidc-provider): the
// provider's own login page, the groups claim deciding tenants and admin rights, a group taken
// away at the provider, and signing out of both Cubby and the provider.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { setUserGroups } from '@/sandbox/oidc/directory';
import { storedSsoCredentials } from '@/sandbox/oidc/daemon';
import { sandboxDir } from '@/sandbox/host/state';
import { SCREENSHOTS } from './tenant-helpers';

const ssoPassword = (username: string) => {
  const found = storedSsoCredentials(sandboxDir()).find((c) => c.username === username);
  if (!found) throw new Error(`no single sign-on user ${username} in the sandbox`);
  return found.password;
};

async function signInWithSso(page: Page, username: string) {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in with SSO' }).click();
  // The provider's page, on the provider's origin.
  await expect(page.getByRole('heading', { name: 'Sandbox identity provider' })).toBeVisible();
  expect(new URL(page.url()).port).not.toBe(new URL(test.info().project.use.baseURL ?? 'http://x').port);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(ssoPassword(username));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

async function me(page: Page): Promise<{ user: string; groups: string[]; admin: boolean; tenants: string[] }> {
  const response = await page.request.get('/api/me');
  expect(response.status()).toBe(200);
  return response.json();
}

test.describe('single sign-on', () => {
  test.afterAll(() => {
    setUserGroups(sandboxDir(), 'carol', ['tenant-a:members']);
  });

  test('a member signs in at the provider and lands in their tenant', async ({ page }) => {
    await page.goto('/signin');
    await expect(page.getByText('Sandbox identity provider')).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'sso-signin.png') });
    await signInWithSso(page, 'carol');
    await expect(page.getByRole('heading', { name: 'My vClusters' })).toBeVisible();
    const carol = await me(page);
    // Other tests' tenants may also list the group; tenant-b never does.
    expect(carol).toMatchObject({ user: 'carol', groups: ['tenant-a:members'], admin: false });
    expect(carol.tenants).toContain('tenant-a');
    expect(carol.tenants).not.toContain('tenant-b');
    await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  });

  test('the groups claim makes an admin', async ({ page }) => {
    await signInWithSso(page, 'erin');
    expect(await me(page)).toMatchObject({ user: 'erin', groups: ['cubby:admins'], admin: true });
    await page.getByRole('link', { name: 'Admin' }).first().click();
    await expect(page).toHaveURL(/\/admin/);
  });

  test('a group taken away at the provider ends access at the next sign-in, for every session', async ({ browser }) => {
    const first = await browser.newPage();
    await signInWithSso(first, 'carol');
    expect((await me(first)).tenants).toContain('tenant-a');

    setUserGroups(sandboxDir(), 'carol', []);
    const second = await browser.newPage();
    await signInWithSso(second, 'carol');
    expect(await me(second)).toMatchObject({ groups: [], tenants: [] });
    // The older session holds no groups of its own: it sees the latest sign-in's.
    expect(await me(first)).toMatchObject({ groups: [], tenants: [] });
    const denied = await first.request.get('/api/vclusters/tenant-a/anything');
    expect(denied.status()).toBe(404);
    await first.close();
    await second.close();
  });

  test('signing out ends the Cubby session and the provider session', async ({ page }) => {
    await signInWithSso(page, 'dave');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
    expect((await page.request.get('/api/me')).status()).toBe(401);
    // Without the provider's logout the next click would sign dave in again without asking.
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Sandbox identity provider' })).toBeVisible();
  });
});
