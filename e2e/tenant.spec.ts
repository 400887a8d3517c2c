// A tenant's day with Cubby, in the browser, the way a user does it: sign in, create a vCluster
// and watch it come up live, use its kubeconfig with kubectl, see synced pods and nodes, switch
// ingress sync, pause, resume and delete. Another tenant sees none of it. Run against a dashboard
// on the sandbox: CUBBY_TEST_BASE_URL and CUBBY_SANDBOX_DIR.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiAs, apiWithToken, hostKubeconfig, kubectl, markerSurvived, sandboxCredential, screenshot, servedHtml, setMarker, signIn, uniqueVClusterName } from './tenant-helpers';

const PHONE = { width: 390, height: 844 };

async function deleteIfPresent(tenant: string, name: string): Promise<void> {
  const admin = await apiAs('admin');
  await admin.delete(`/api/vclusters/${tenant}/${name}`);
  await admin.dispose();
}

/** Polls until `read` gives a value `done` accepts, collecting every distinct value seen. */
async function watch<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T[]> {
  const seen: T[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (seen[seen.length - 1] !== value) seen.push(value);
    if (done(value)) return seen;
    if (Date.now() > deadline) throw new Error(`timed out; saw ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function openTab(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test.describe.serial('a tenant and their vCluster', () => {
  const name = uniqueVClusterName('e2e');
  const namespace = `vc-tenant-a--${name}`;
  const work = mkdtempSync(join(tmpdir(), 'cubby-e2e-'));
  const kubeconfigFile = join(work, 'kubeconfig.yaml');

  test.afterAll(async () => {
    await deleteIfPresent('tenant-a', name).catch(() => undefined);
  });

  test('alice creates a vCluster, uses it with kubectl, switches ingress sync, pauses, resumes and deletes it', async ({ page, context, browser }) => {
    test.setTimeout(900_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // React reports hydration mismatches and render errors on the console; there must be none.
    const reactErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /hydrat|React|Minified/i.test(message.text())) reactErrors.push(message.text());
    });
    page.on('pageerror', (error) => reactErrors.push(error.message));

    await signIn(page, 'alice');
    await screenshot(page, '01-vclusters-light');

    // Everything from here on happens in one document: no reload, only client navigations.
    await setMarker(page);
    await page.getByRole('link', { name: /Create (your first )?vCluster/ }).first().click();
    await expect(page.getByRole('heading', { name: 'Create a vCluster' })).toBeVisible();

    const tenantPicker = page.getByLabel('Tenant', { exact: true });
    if (await tenantPicker.count()) await tenantPicker.selectOption('tenant-a');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
    const nameInput = page.getByLabel('Name', { exact: true });
    await nameInput.fill('9-Bad');
    await expect(page.getByText('The name must be lowercase.')).toBeVisible();
    await expect(page.getByText(/must start with a letter/)).toBeVisible();
    await screenshot(page, '02-create-validation');
    await nameInput.fill(name);
    await expect(page.getByText(`vc-tenant-a--${name}`)).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Ingress sync' })).toHaveAttribute('aria-checked', 'false');
    await screenshot(page, '03-create-form');
    await page.getByRole('button', { name: 'Create vCluster' }).click();

    await expect(page).toHaveURL(new RegExp(`/vclusters/tenant-a/${name}`));
    await expect(page.getByRole('heading', { name })).toBeVisible();
    const progress = page.getByTestId('creation-progress');
    await expect(progress).toBeVisible();
    await screenshot(page, '04-creating');

    // The steps advance by themselves until the vCluster runs.
    const steps = await watch(
      () =>
        page.evaluate(() => {
          const step = document.querySelector('[data-testid="creation-progress"] li[aria-current="step"]')?.getAttribute('data-step') ?? 'ready';
          const status = (document.querySelector('[data-testid="vcluster-status"]') as HTMLElement | null)?.innerText ?? '';
          return `${step}|${status}`;
        }),
      (v) => v.startsWith('ready|') && v.endsWith('Running'),
      180_000,
    );
    const distinctSteps = new Set(steps.map((s) => s.split('|')[0]));
    expect(distinctSteps.size, `steps seen: ${steps.join(', ')}`).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('creation-step')).toHaveText('Ready');
    await expect(progress.locator('li[data-state="done"]')).toHaveCount(5);
    expect(await markerSurvived(page), 'the page reloaded').toBe(true);
    await expect(page.getByTestId('connection-server')).toContainText('https://');
    await screenshot(page, '05-vcluster-overview-light');

    // Kubeconfig: download it and use it.
    await openTab(page, 'Kubeconfig');
    await expect(page.getByRole('button', { name: 'Download kubeconfig' })).toBeVisible();
    await screenshot(page, '06-kubeconfig-tab');
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download kubeconfig' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(`kubeconfig-tenant-a-${name}.yaml`);
    await download.saveAs(kubeconfigFile);
    // By default through Cubby's gateway, as alice herself.
    await expect(page.getByTestId('connection-strategy')).toHaveText("Cubby's gateway");
    await expect(page.getByTestId('connection-server')).toContainText(`/kube/tenant-a/${name}`);
    expect(kubectl(kubeconfigFile, ['get', 'namespaces', '-o', 'name'])).toContain('namespace/default');
    expect(kubectl(kubeconfigFile, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).toBe('alice');
    // Opened from its address (a second tab), the panel renders on the server too: its curl line
    // names this origin once hydrated, and React reports no mismatch.
    const direct = await context.newPage();
    const directErrors: string[] = [];
    direct.on('console', (message) => {
      if (message.type() === 'error' && /hydrat|React|Minified/i.test(message.text())) directErrors.push(message.text());
    });
    direct.on('pageerror', (error) => directErrors.push(error.message));
    await direct.goto(`/vclusters/tenant-a/${name}?tab=kubeconfig`);
    await expect(direct.locator('pre').filter({ hasText: 'curl -fsSL' })).toContainText(`"${new URL(direct.url()).origin}/api/vclusters/tenant-a/${name}/kubeconfig?`);
    expect(directErrors).toEqual([]);
    await direct.close();
    // Each tab that reads the cache alone, opened from its address, is rendered on the server:
    // the served HTML holds the gateway's address, the options form, the sleep settings and the
    // download form. (React streams a large panel behind its placeholder in the same answer and
    // swaps it in at the first frame, so the placeholder's markup may be there too.) The overview
    // and the form for another vCluster hold no placeholder at all.
    const served = async (tab: string) => servedHtml(page, `/vclusters/tenant-a/${name}${tab}`);
    const overviewHtml = await served('');
    expect(overviewHtml).toContain(`/kube/tenant-a/${name}`);
    expect(overviewHtml).not.toContain('animate-pulse');
    expect(await served('?tab=options')).toContain('data-testid="options-state"');
    expect(await served('?tab=sleep')).toContain('offers no sleep mode');
    const kubeconfigHtml = await served('?tab=kubeconfig');
    expect(kubeconfigHtml).toContain('Download kubeconfig');
    expect(kubeconfigHtml).toContain(`/kube/tenant-a/${name}`);
    const createHtml = await servedHtml(page, '/vclusters/new');
    expect(createHtml).toContain('Standard');
    expect(createHtml).not.toContain('animate-pulse');
    // The vCluster's own server with a short-lived token it issues works too.
    await page.getByLabel('Credentials').selectOption({ label: 'Direct, token, 10 minutes' });
    const tokenDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download kubeconfig' }).click();
    const tokenFile = join(work, 'token.yaml');
    await (await tokenDownload).saveAs(tokenFile);
    await expect(page.getByText(/Its credential expires around/)).toBeVisible();
    expect(kubectl(tokenFile, ['get', 'namespaces', '-o', 'name'])).toContain('namespace/default');

    kubectl(kubeconfigFile, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=1']);
    kubectl(kubeconfigFile, ['create', 'service', 'clusterip', 'web', '--tcp=80:80']);
    // A name under the tenant's own ingress hosts (seeded `*.tenant-a.apps.example.test`).
    const ingressHost = `${name}.tenant-a.apps.example.test`;
    kubectl(
      kubeconfigFile,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'default' },
        spec: { rules: [{ host: ingressHost, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
      }),
    );

    // A pod that would be root on the node: the host refuses it (baseline Pod Security), and the
    // Pods tab says so with the syncer's reason.
    kubectl(
      kubeconfigFile,
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'root-shell', namespace: 'default' },
        spec: {
          hostPID: true,
          containers: [{ name: 'shell', image: 'busybox', securityContext: { privileged: true }, volumeMounts: [{ name: 'root', mountPath: '/host' }] }],
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
        },
      }),
    );

    // Pods: the synced pod appears live, with its virtual and host names and its node.
    await openTab(page, /Pods/);
    const refused = page.locator('tr[data-pod="root-shell"]');
    await expect(refused.locator('[data-field="host-name"]')).toHaveText('not on the host');
    await expect(refused.locator('[data-field="waiting-reason"]')).toContainText('violates PodSecurity "baseline:latest"', { timeout: 60_000 });
    const podRow = page.locator('tr[data-pod^="web-"]');
    await expect(podRow).toBeVisible({ timeout: 60_000 });
    await expect(podRow.getByText('Running')).toBeVisible({ timeout: 60_000 });
    const virtualName = await podRow.getAttribute('data-pod');
    expect(virtualName).toMatch(/^web-/);
    await expect(podRow.locator('[data-field="host-name"]')).toHaveText(`${virtualName}-x-default-x-${name}`);
    const node = (await podRow.locator('[data-field="node"]').innerText()).trim();
    expect(node).toMatch(/^kwok-node-/);
    expect(await markerSurvived(page)).toBe(true);
    await screenshot(page, '07-pods-tab');

    // Nodes: the fake node the pod runs on.
    await openTab(page, 'Nodes');
    const nodeRow = page.locator(`tr[data-node="${node}"]`);
    await expect(nodeRow).toBeVisible({ timeout: 30_000 });
    await expect(nodeRow.getByText('Fake', { exact: true })).toBeVisible();
    await screenshot(page, '08-nodes-tab');

    // Sync options: ingress sync on, pending until the restart, then live; the Ingress reaches the host.
    await openTab(page, 'Sync options');
    const ingressSwitch = page.getByRole('switch', { name: 'Ingress sync' });
    await expect(ingressSwitch).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByTestId('options-state')).toHaveText('Live');
    expect((await kubectl(hostKubeconfig(), ['get', 'ingresses', '-n', namespace, '-o', 'name'])).trim()).toBe('');
    await ingressSwitch.click();
    await page.getByRole('button', { name: 'Apply changes' }).click();
    await expect(page.getByTestId('options-state')).toHaveText('Pending until the vCluster restarts', { timeout: 15_000 });
    await screenshot(page, '09-options-pending');
    await expect(page.getByTestId('options-state')).toHaveText('Live', { timeout: 180_000 });
    await expect(page.getByRole('switch', { name: 'Ingress sync' })).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByTestId('vcluster-status')).toHaveText('Running');
    await screenshot(page, '10-options-live');
    await expect
      .poll(() => kubectl(hostKubeconfig(), ['get', 'ingresses', '-n', namespace, '-o', 'jsonpath={.items[*].spec.rules[*].host}']), { timeout: 90_000 })
      .toContain(ingressHost);
    expect(await markerSurvived(page)).toBe(true);

    // Dark mode and a phone, for people to look at.
    await openTab(page, 'Overview');
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await screenshot(page, '11-vcluster-overview-dark');
    await openTab(page, /Pods/);
    await screenshot(page, '12-pods-dark');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My vClusters' }).click();
    await expect(page.locator(`tr[data-vcluster="${name}"]`)).toBeVisible();
    await screenshot(page, '12b-vclusters-dark');
    await page.locator(`tr[data-vcluster="${name}"]`).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    await expect(page.locator('html')).not.toHaveClass(/dark/);
    await openTab(page, 'Overview');

    const phone = await browser.newContext({ viewport: PHONE, storageState: await context.storageState(), isMobile: true, hasTouch: true });
    const phonePage = await phone.newPage();
    await phonePage.goto('/');
    await expect(phonePage.locator(`li[data-vcluster="${name}"]`)).toBeVisible();
    await screenshot(phonePage, '13-vclusters-phone');
    await phonePage.goto(`/vclusters/tenant-a/${name}?tab=pods`);
    await expect(phonePage.locator('li[data-pod^="web-"]')).toBeVisible();
    await screenshot(phonePage, '14-pods-phone');
    await phonePage.getByRole('tab', { name: 'Overview' }).click();
    await expect(phonePage.getByTestId('connection-server')).toBeVisible();
    await screenshot(phonePage, '14b-overview-phone');
    await phonePage.goto('/vclusters/new');
    await expect(phonePage.getByRole('button', { name: 'Create vCluster' })).toBeVisible();
    await screenshot(phonePage, '14c-create-phone');
    await phone.close();

    // Pause and resume.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('vcluster-status')).toHaveText('Paused', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
    await screenshot(page, '15-paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('vcluster-status')).toHaveText('Running', { timeout: 120_000 });

    // Delete, confirmed by typing the name.
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
    await expect(dialog).toBeVisible();
    const confirm = dialog.getByRole('button', { name: 'Delete vCluster' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill(name.slice(0, -1));
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill(name);
    await screenshot(page, '16-delete-confirm');
    await confirm.click();
    await expect(page.getByRole('heading', { name: 'My vClusters' })).toBeVisible();
    await expect(page.locator(`[data-vcluster="${name}"]`)).toHaveCount(0, { timeout: 180_000 });
    expect(await markerSurvived(page), 'the page reloaded').toBe(true);
    expect(reactErrors).toEqual([]);
  });
});

test.describe('another tenant', () => {
  const name = uniqueVClusterName('e2e-iso');

  test.beforeAll(async () => {
    const alice = await apiAs('alice');
    const created = await alice.post('/api/vclusters', { data: { name, template: 'standard' } });
    expect(created.status(), await created.text()).toBe(202);
    await alice.dispose();
  });

  test.afterAll(async () => {
    await deleteIfPresent('tenant-a', name).catch(() => undefined);
  });

  test("bob sees none of alice's vClusters, and a direct URL to one says not found", async ({ page }) => {
    await signIn(page, 'bob');
    await expect(page.locator('[data-vcluster]').or(page.getByText('No vClusters yet'))).not.toHaveCount(0);
    await expect(page.locator(`[data-vcluster="${name}"]`)).toHaveCount(0);
    for (const row of await page.locator('tr[data-vcluster]').all()) await expect(row).not.toContainText('tenant-a');
    await screenshot(page, '20-bob-vclusters');

    await page.goto(`/vclusters/tenant-a/${name}`);
    await expect(page.getByRole('heading', { name: 'vCluster not found' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await screenshot(page, '21-bob-not-found');
    await page.getByRole('link', { name: 'Back to my vClusters' }).click();
    await expect(page.getByRole('heading', { name: 'My vClusters' })).toBeVisible();
  });

  test("the admin sees every tenant's vClusters and the Admin link", async ({ page }) => {
    await signIn(page, 'admin');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toBeVisible();
    const row = page.locator(`tr[data-vcluster="${name}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('tenant-a');
    await screenshot(page, '22-admin-vclusters');
  });
});

test.describe('a vCluster that cannot start', () => {
  const suffix = Date.now().toString(36).slice(-6);
  const tenant = `e2e-w-${suffix}`;
  const template = `e2e-nostorage-${suffix}`;
  const name = uniqueVClusterName('stuck');

  test.beforeAll(async () => {
    const admin = await apiAs('admin');
    const madeTemplate = await admin.post('/api/templates', {
      data: {
        name: template,
        spec: {
          displayName: 'No storage',
          description: 'Asks for a StorageClass the host does not have, so the control plane waits.',
          baseValues: { controlPlane: { statefulSet: { persistence: { volumeClaim: { storageClass: 'does-not-exist' } } } } },
          allowedOptions: [],
        },
      },
    });
    expect(madeTemplate.status(), await madeTemplate.text()).toBe(201);
    const madeTenant = await admin.post('/api/tenants', {
      data: { name: tenant, spec: { displayName: 'Waiting room', members: { users: ['alice'], groups: [] }, quota: { maxVClusters: 1 }, templates: [template] } },
    });
    expect(madeTenant.status(), await madeTenant.text()).toBe(201);
    await admin.dispose();
  });

  test.afterAll(async () => {
    test.setTimeout(240_000);
    const admin = await apiAs('admin');
    await admin.delete(`/api/vclusters/${tenant}/${name}`);
    await expect
      .poll(async () => (await admin.delete(`/api/tenants/${tenant}`)).status(), { timeout: 180_000, intervals: [2000] })
      .toBe(204);
    await admin.delete(`/api/templates/${template}`);
    await admin.dispose();
  });

  test('alice picks the tenant, and the page says what the control plane waits for', async ({ page }) => {
    await signIn(page, 'alice');
    await page.getByRole('link', { name: 'Create vCluster' }).first().click();
    await page.getByLabel('Tenant', { exact: true }).selectOption(tenant);
    await expect(page.getByText('No storage')).toBeVisible();
    await expect(page.getByText('This template fixes every option')).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create vCluster' }).click();
    await expect(page).toHaveURL(new RegExp(`/vclusters/${tenant}/${name}`));
    const waiting = page.getByTestId('waiting-reason');
    await expect(waiting).toContainText(/unbound|PersistentVolumeClaim|storageclass/i, { timeout: 90_000 });
    await expect(page.getByTestId('creation-progress').locator('li[aria-current="step"]')).toHaveAttribute('data-step', 'control-plane-starting');
    await screenshot(page, '23-waiting-reason');
  });
});

test.describe('signing in and API tokens', () => {
  test('a wrong password gives a clear error and the form stays usable', async ({ page }) => {
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await page.goto('/vclusters/new');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong user name or password' })).toBeVisible();
    // The sandbox has single sign-on too; the page offers it beside the form.
    await expect(page.getByRole('button', { name: 'Sign in with SSO' })).toHaveCount(1);
    await screenshot(page, '30-signin-error');
    // The right password brings alice back where she wanted to go.
    await page.getByLabel('Password').fill(sandboxCredential('alice').password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Create a vCluster' })).toBeVisible();
    // Nothing the pages asked for on the way was missing, their icon included.
    expect(missing).toEqual([]);
  });

  test('alice creates a token, sees its secret once, and revokes it', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, 'alice');
    await page.getByRole('link', { name: 'API tokens' }).first().click();
    await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
    const tokenName = uniqueVClusterName('ci');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByText('Give the token a name')).toBeVisible();
    await page.getByLabel('Name').fill(tokenName);
    await page.getByLabel('Expires after').selectOption({ label: '7 days' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByTestId('new-token').locator('code');
    await expect(secret).toHaveText(/^cubby_[A-Za-z0-9_-]{43}$/);
    const token = await secret.innerText();
    await page.getByTestId('new-token').getByRole('button', { name: 'Copy token' }).click();
    await expect(page.getByTestId('new-token').getByText('Copied')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const row = page.locator(`[data-token="${tokenName}"]:visible`);
    await expect(row).toBeVisible();
    const script = await apiWithToken(token);
    expect((await script.get('/api/vclusters')).status()).toBe(200);
    await screenshot(page, '31-tokens');

    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByTestId('new-token')).toHaveCount(0);
    await row.getByRole('button', { name: /Revoke/ }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke “${tokenName}”?` });
    await expect(dialog).toBeVisible();
    await screenshot(page, '32-token-revoke');
    // Escape cancels and gives focus back to the button that opened the dialog.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(row.getByRole('button', { name: /Revoke/ })).toBeFocused();
    await row.getByRole('button', { name: /Revoke/ }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await expect(page.getByText(`Token “${tokenName}” revoked`)).toBeVisible();
    await expect(page.locator(`[data-token="${tokenName}"]`)).toHaveCount(0);
    expect((await script.get('/api/vclusters')).status()).toBe(401);
    await script.dispose();
  });
});
