// Issue 14, in the browser: an admin moves a template to another chart version and then its
// vClusters, one at a time, with progress per vCluster, a stop at the first failure and a
// rollback; and the Sync options tab changes a vCluster helm installed, once it is assigned.
//
// The other chart versions are the test chart copied at run time with another `version:` into
// the dashboard's CUBBY_CHART_VERSIONS_DIR (the dashboard must be started with it; the default
// here is `<sandbox dir>/chart-versions`): B, and C, whose render fails for one vCluster. Setup
// that is not the admin's doing (a tenant, its vClusters, a helm install) goes through the API
// and helm. Run against a dashboard on the sandbox: CUBBY_TEST_BASE_URL and CUBBY_SANDBOX_DIR.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { sandboxDir } from '@/sandbox/host/state';
import { runningSandbox } from '@/sandbox/testing';
import { apiAs, hostKubeconfig, kubectl, sandboxCredential, screenshot } from './tenant-helpers';

const suffix = `${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 4)}`;
const tenant = `up${suffix}`;
const template = `e2e-up-${suffix}`;
const names = ['up1', 'up2', 'up3'];
const A = '0.36.1';
const B = `0.36.2-e2e.${suffix}`;
const C = `0.36.3-e2e.${suffix}`;
const foundNs = `helm-opts-${suffix}`;
const foundName = 'made';
const TEST_CHART = join(__dirname, '..', 'sandbox', 'charts', 'vcluster');
const versionsDir = resolve(process.env.CUBBY_CHART_VERSIONS_DIR ?? join(sandboxDir(), 'chart-versions'));

function chartCopy(version: string, failFor?: string): void {
  const dir = join(versionsDir, `vcluster-${version}`);
  cpSync(TEST_CHART, dir, { recursive: true });
  const file = join(dir, 'Chart.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: .*$/m, `version: ${version}`));
  if (failFor) writeFileSync(join(dir, 'templates', 'zz-broken.yaml'), `{{- if eq .Release.Name ${JSON.stringify(failFor)} }}{{ fail "chart ${version} is broken on purpose for this vCluster" }}{{- end }}\n`);
}

function helm(args: string[]): string {
  return execFileSync(join(runningSandbox().binDir, 'helm'), [...args, '--kubeconfig', hostKubeconfig()], { encoding: 'utf8', timeout: 60_000 });
}

function helmList(namespace: string): { chart: string; revision: string } {
  return (JSON.parse(helm(['list', '--all', '--namespace', namespace, '-o', 'json'])) as Array<{ chart: string; revision: string }>)[0]!;
}

async function signInAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(sandboxCredential('admin').password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, '\\$&')}$`));
}

/** Sets the template's chart version in its form and saves, as the admin does. */
async function setChartVersion(page: Page, version: string): Promise<void> {
  await page.goto(`/admin/templates/${template}`);
  const field = page.getByRole('textbox', { name: /^Chart version/ });
  await field.fill(version);
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page).toHaveURL(/\/admin\/templates$/);
  await page.goto(`/admin/templates/${template}`);
  await expect(page.getByTestId('template-chart-version')).toHaveText(version);
}

const row = (page: Page, name: string) => page.getByTestId(`chart-row-${tenant}-${name}`);

test.describe.serial('chart upgrades and found vClusters, in the browser', () => {
  let admin: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    mkdirSync(versionsDir, { recursive: true });
    chartCopy(B);
    chartCopy(C, 'up2');
    admin = await apiAs('admin');
    const created = await admin.post('/api/templates', { data: { name: template, spec: { baseValues: {}, allowedOptions: ['ingressSync', 'nodeSync.enabled'] } } });
    expect(created.status(), await created.text()).toBe(201);
    const made = await admin.post('/api/tenants', { data: { name: tenant, spec: { members: { users: [], groups: [] }, quota: { maxVClusters: 5 }, templates: [template] } } });
    expect(made.status(), await made.text()).toBe(201);
    for (const name of names) {
      const res = await admin.post('/api/vclusters', { data: { tenant, name, template } });
      expect(res.status(), await res.text()).toBe(202);
    }
    helm(['install', foundName, TEST_CHART, '--namespace', foundNs, '--create-namespace', '--set', 'sync.toHost.ingresses.enabled=true']);
    for (let i = 0; ; i++) {
      const res = await admin.post(`/api/discovered/${foundNs}/${foundName}/assign`, { data: { tenant } });
      if (res.ok()) break;
      if (i > 60) throw new Error(`assigning the helm-installed vCluster failed: ${res.status()} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  });

  test.afterAll(async () => {
    test.setTimeout(120_000);
    for (const name of [...names, foundName]) await admin.delete(`/api/vclusters/${tenant}/${name}`).catch(() => undefined);
    try {
      kubectl(hostKubeconfig(), ['delete', 'namespace', foundNs, '--ignore-not-found', '--wait=false']);
    } catch {
      // already gone
    }
    for (let i = 0; i < 60; i++) {
      const res = await admin.delete(`/api/tenants/${tenant}`);
      if (res.status() === 204 || res.status() === 404) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await admin.delete(`/api/templates/${template}`).catch(() => undefined);
    for (const version of [B, C]) rmSync(join(versionsDir, `vcluster-${version}`), { recursive: true, force: true });
    await admin.dispose();
  });

  test('only an admin may upgrade, and a version no source has is refused with 400', async () => {
    const alice = await apiAs('alice');
    expect((await alice.post(`/api/templates/${template}/chart-upgrade`, { data: {} })).status()).toBe(403);
    expect((await alice.get(`/api/templates/${template}/chart-upgrade`)).status()).toBe(403);
    expect((await alice.post(`/api/templates/${template}/chart-upgrade/rollback`, { data: { tenant, name: 'up1' } })).status()).toBe(403);
    await alice.dispose();
    const current = (await (await admin.get(`/api/templates/${template}`)).json()) as { spec: Record<string, unknown>; resourceVersion: string };
    const refused = await admin.put(`/api/templates/${template}`, { data: { spec: { ...current.spec, chartVersion: '9.9.9' }, resourceVersion: current.resourceVersion } });
    expect(refused.status()).toBe(400);
    expect(await refused.text()).toMatch(/9\.9\.9/);
    expect(((await (await admin.get(`/api/templates/${template}`)).json()) as { spec: { chartVersion?: string } }).spec.chartVersion).toBeUndefined();
  });

  test('moves the template to B, then upgrades its vClusters one by one; progress survives a reload; rollback returns to A', async ({ page }) => {
    test.setTimeout(300_000);
    await signInAsAdmin(page, `/admin/templates/${template}`);
    for (const name of names) await expect(row(page, name).getByTestId('chart-version')).toHaveText(A);
    await expect(page.getByTestId('upgrade-available')).toHaveCount(0);

    await setChartVersion(page, B);
    for (const name of names) await expect(row(page, name).getByTestId('upgrade-available')).toBeVisible();
    await screenshot(page, 'chart-upgrade-01-available');

    await page.getByRole('button', { name: 'Upgrade vClusters' }).click();
    // One at a time: the first is at work while the last still waits.
    await expect(row(page, 'up3').getByTestId('upgrade-state')).toHaveText(/Queued|Upgrading/);
    await screenshot(page, 'chart-upgrade-02-running');
    for (const name of names) {
      await expect(row(page, name).getByTestId('upgrade-state')).toHaveText('Done', { timeout: 120_000 });
      await expect(row(page, name).getByTestId('chart-version')).toHaveText(B, { timeout: 60_000 });
    }
    await page.reload();
    for (const name of names) await expect(row(page, name).getByTestId('upgrade-state')).toHaveText('Done');
    await screenshot(page, 'chart-upgrade-03-done');
    for (const name of names) expect(helmList(`vc-${tenant}--${name}`)).toMatchObject({ chart: `vcluster-${B}`, revision: '2' });

    await row(page, 'up1').getByRole('button', { name: /^Roll back/ }).click();
    await expect(row(page, 'up1').getByTestId('upgrade-state')).toHaveText('Rolled back');
    await expect(row(page, 'up1').getByTestId('chart-version')).toHaveText(A, { timeout: 60_000 });
    await expect(row(page, 'up1').getByTestId('upgrade-available')).toBeVisible();
    expect(helmList(`vc-${tenant}--up1`)).toMatchObject({ chart: `vcluster-${A}`, revision: '3' });
  });

  test('stops at the first failure with its reason; the rest keep their version', async ({ page }) => {
    test.setTimeout(300_000);
    await signInAsAdmin(page, `/admin/templates/${template}`);
    await setChartVersion(page, C);
    await page.getByRole('button', { name: 'Upgrade vClusters' }).click();
    await expect(row(page, 'up2').getByTestId('upgrade-state')).toHaveText('Failed', { timeout: 120_000 });
    await expect(row(page, 'up2').getByTestId('upgrade-reason')).toContainText('broken on purpose');
    await expect(row(page, 'up1').getByTestId('upgrade-state')).toHaveText('Done');
    await expect(row(page, 'up1').getByTestId('chart-version')).toHaveText(C, { timeout: 60_000 });
    await expect(row(page, 'up3').getByTestId('upgrade-state')).toHaveText('Not started');
    await expect(row(page, 'up3').getByTestId('upgrade-reason')).toContainText('up2 failed');
    for (const name of ['up2', 'up3']) await expect(row(page, name).getByTestId('chart-version')).toHaveText(B);
    await screenshot(page, 'chart-upgrade-04-failed');
    expect(helmList(`vc-${tenant}--up2`)).toMatchObject({ chart: `vcluster-${B}`, revision: '2' });
    expect(helmList(`vc-${tenant}--up3`)).toMatchObject({ chart: `vcluster-${B}`, revision: '2' });
  });

  test("changes a helm-installed vCluster's options on its Sync options tab", async ({ page }) => {
    test.setTimeout(240_000);
    await signInAsAdmin(page, `/vclusters/${tenant}/${foundName}`);
    await page.getByRole('tab', { name: 'Sync options' }).click();
    const ingressSwitch = page.getByRole('switch', { name: 'Ingress sync' });
    await expect(ingressSwitch).toHaveAttribute('aria-checked', 'true');
    await ingressSwitch.click();
    await page.getByRole('button', { name: 'Apply changes' }).click();
    // Saved: the release has a new revision, and the page, live, shows what the vCluster now runs.
    await expect.poll(() => helmList(foundNs).revision, { timeout: 60_000 }).toBe('2');
    expect(helmList(foundNs).chart).toBe(`vcluster-${A}`);
    await expect(page.getByRole('button', { name: 'Apply changes' })).toBeDisabled({ timeout: 30_000 });
    await expect(page.getByRole('switch', { name: 'Ingress sync' })).toHaveAttribute('aria-checked', 'false');
    await screenshot(page, 'chart-upgrade-05-found-options-saved');
    // Read again from the server: the restarted control plane runs the new options.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('tab', { name: 'Sync options' }).click();
          return page.getByTestId('options-state').textContent();
        },
        { timeout: 120_000, intervals: [5_000] },
      )
      .toBe('Live');
    await expect(page.getByRole('switch', { name: 'Ingress sync' })).toHaveAttribute('aria-checked', 'false');
    await screenshot(page, 'chart-upgrade-05-found-options');
    const values = JSON.parse(helm(['get', 'values', foundName, '--namespace', foundNs, '-o', 'json'])) as { sync: { toHost: { ingresses: { enabled: boolean } } } };
    expect(values.sync.toHost.ingresses.enabled).toBe(false);
  });
});
