// Sleep mode in the browser: a template whose vClusters sleep after one idle minute; alice
// watches hers fall asleep on its page ("Sleeps in 1 min" -> "Asleep since HH:MM", the status
// Paused as `vcluster list` says), wakes it with "Wake and keep awake for 2 hours", and the admin
// overview shows hours asleep and requests freed. She wakes it with kubectl through Cubby's
// gateway, with the kubeconfig she downloads while it sleeps ("woke on use at HH:MM (alice)"),
// then keeps it awake for 2 hours.
// Screenshots (light/dark, desktop/phone) go to CUBBY_SCREENSHOT_DIR or e2e/screenshots.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runningSandbox } from '@/sandbox/testing';
import { expect, test, type Page } from '@playwright/test';
import { apiAs, signIn, SCREENSHOTS, uniqueVClusterName } from './tenant-helpers';

/** kubectl without blocking the test's event loop while the gateway holds the request. */
async function kubectlAsync(kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(join(runningSandbox().binDir, 'kubectl'), ['--kubeconfig', kubeconfig, '--request-timeout=90s', ...args], { encoding: 'utf8' });
  return stdout;
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 860 };
const SHOTS = process.env.CUBBY_SCREENSHOT_DIR ?? SCREENSHOTS;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [theme, size] of [['light', DESKTOP], ['dark', DESKTOP], ['light', PHONE], ['dark', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.evaluate((dark) => {
      document.documentElement.classList.toggle('dark', dark);
      document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
    }, theme === 'dark');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `${name}-${theme}-${size === PHONE ? 'phone' : 'desktop'}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
}

test.describe.serial('sleep mode', () => {
  const template = uniqueVClusterName('sleepy').slice(0, 30);
  const name = uniqueVClusterName('nap');

  test.beforeAll(async () => {
    const admin = await apiAs('admin');
    const created = await admin.post('/api/templates', {
      data: { name: template, spec: { displayName: 'Naps a lot', sleep: { afterIdleMinutes: { default: 1, min: 1, max: 120 }, allowNever: true, allowTenantChange: true } } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const tenant = await (await admin.get('/api/tenants/tenant-a')).json();
    const offered = await admin.put('/api/tenants/tenant-a', { data: { spec: { ...tenant.spec, templates: [...tenant.spec.templates, template] }, resourceVersion: tenant.resourceVersion } });
    expect(offered.status(), await offered.text()).toBe(200);
    await admin.dispose();
    const alice = await apiAs('alice');
    await expect.poll(async () => (await alice.post('/api/vclusters', { data: { name, template } })).status(), { timeout: 20_000 }).toBe(202);
    await alice.dispose();
  });

  test.afterAll(async () => {
    const admin = await apiAs('admin');
    await admin.delete(`/api/vclusters/tenant-a/${name}`);
    const tenant = await (await admin.get('/api/tenants/tenant-a')).json();
    await admin.put('/api/tenants/tenant-a', { data: { spec: { ...tenant.spec, templates: tenant.spec.templates.filter((t: string) => t !== template) }, resourceVersion: tenant.resourceVersion } });
    // The template can go once its vCluster has (a template in use by a tenant cannot).
    await expect.poll(async () => (await admin.delete(`/api/templates/${template}`)).status(), { timeout: 90_000 }).not.toBe(409);
    await admin.dispose();
  });

  test('alice watches her vCluster fall asleep after one idle minute, then wakes it', async ({ page }) => {
    test.setTimeout(300_000);
    await signIn(page, 'alice');
    await page.goto(`/vclusters/tenant-a/${name}`);
    const headline = page.getByTestId('sleep-headline');
    await expect(headline).toHaveText(/Sleeps in (1 min|less than a minute)|Falls asleep now/, { timeout: 120_000 });
    await expect(page.getByTestId('vcluster-status')).toHaveText(/Running/, { timeout: 120_000 });
    await shoot(page, 'sleep-awake');

    await expect(headline).toHaveText(/Asleep since \d{1,2}:\d{2}/, { timeout: 180_000 });
    await expect(page.getByTestId('vcluster-status')).toHaveText(/Paused/);
    await expect(page.getByTestId('sleep-status')).toContainText('idle time');
    await expect(page.getByTestId('sleep-status')).toContainText('Wakes on first use');
    await shoot(page, 'sleep-asleep');

    // The kubeconfig can be had while it sleeps; kubectl through the gateway wakes it and waits.
    await page.getByRole('tab', { name: 'Kubeconfig' }).click();
    await expect(page.getByText(/A sleeping vCluster wakes on its first request/)).toBeVisible();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download kubeconfig' }).click();
    const kubeconfigFile = join(mkdtempSync(join(tmpdir(), 'cubby-sleep-')), 'kubeconfig.yaml');
    await (await downloading).saveAs(kubeconfigFile);
    expect(await kubectlAsync(kubeconfigFile, ['get', 'namespaces', '-o', 'name'])).toContain('namespace/default');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect(page.getByTestId('vcluster-status')).toHaveText(/Running/, { timeout: 60_000 });
    await expect(page.getByTestId('sleep-last-wake')).toHaveText(/Woke on use at \d{1,2}:\d{2} \(alice\)/, { timeout: 30_000 });
    await expect(page.getByTestId('last-used')).toContainText('by alice');

    await page.getByRole('button', { name: 'Keep awake for 2 hours' }).click();
    await expect(page.getByTestId('sleep-status')).toContainText('kept awake until');
    await expect(headline).toHaveText(/Sleeps in 2 h/);

    await page.getByRole('tab', { name: 'Sleep' }).click();
    await expect(page.getByRole('heading', { name: 'Sleep mode' })).toBeVisible();
    await shoot(page, 'sleep-settings');
    await page.getByLabel('After').check();
    await page.getByLabel('Minutes without activity').fill('0');
    await expect(page.getByText('Between 1 and 120 minutes.')).toBeVisible();
    await page.getByLabel('Minutes without activity').fill('45');
    await page.getByRole('button', { name: 'Save sleep settings' }).click();
    await expect(page.getByText('Sleep settings saved')).toBeVisible();
  });

  test('the admin overview shows hours asleep and requests freed per tenant', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin');
    const charts = page.getByTestId('sleep-charts');
    await expect(charts).toBeVisible({ timeout: 30_000 });
    await expect(charts.getByText('Hours asleep, last 7 days')).toBeVisible();
    await expect(charts.getByRole('link', { name: 'tenant-a' }).first()).toBeVisible();
    await charts.scrollIntoViewIfNeeded();
    await shoot(page, 'sleep-admin');
  });
});
