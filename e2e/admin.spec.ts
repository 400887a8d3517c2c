// An admin's day with Cubby, in the browser: sign in, see every tenant with its vClusters, pods and
// quota as a table and as charts (live), drill into a tenant, create and edit a tenant (with a
// field error and a concurrent change on the way), create a template, filter the audit trail, and
// hand a vCluster found on the host to a tenant. Setup that is not the admin's doing (tenants'
// vClusters, a helm-installed vCluster) goes through the API and helm. Run against a dashboard on
// the sandbox: CUBBY_TEST_BASE_URL and CUBBY_SANDBOX_DIR.
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { runningSandbox } from '@/sandbox/testing';
import { apiAs, hostKubeconfig, kubectl, sandboxCredential, screenshot as saveScreenshot, servedHtml } from './tenant-helpers';

const PHONE = { width: 390, height: 844 };
const suffix = `${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 4)}`;
const aliceVc = `adm-a-${suffix}`;
const bobVc = `adm-b-${suffix}`;
const foundNs = `helm-found-${suffix}`;
const foundName = `legacy-${suffix}`;
const newTenant = `e2e-${suffix}`;
const newTemplate = `e2e-tpl-${suffix}`;

interface View {
  tenant: string;
  name: string;
  status: string;
  creationStep: string;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function createVCluster(api: APIRequestContext, name: string): Promise<void> {
  const res = await api.post('/api/vclusters', { data: { name, template: 'standard' } });
  expect(res.status(), await res.text()).toBe(202);
}

/** `helm install NAME vcluster -n NS --create-namespace` with the sandbox's own helm: a real release, no Cubby labels. */
function helmInstall(namespace: string, release: string): void {
  const state = runningSandbox();
  const chart = join(__dirname, '..', 'sandbox', 'charts', 'vcluster');
  execFileSync(join(state.binDir, 'helm'), ['install', release, chart, '--namespace', namespace, '--create-namespace', '--kubeconfig', hostKubeconfig()], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function signInAsAdmin(page: Page, path = '/admin'): Promise<void> {
  await page.goto(path);
  // Signed out: the page sends us to the sign-in form and back.
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(sandboxCredential('admin').password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/?]/g, '\\$&')}$`));
}

/** Elements that make the page itself scroll sideways (wide tables must scroll in their own frame). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX) && e !== document.documentElement && e !== document.body) return true;
      return false;
    };
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !scrolls(el.parentElement))
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} (${Math.round(el.getBoundingClientRect().right)}px)`)
      .slice(0, 10);
    return culprits.length > 0 ? culprits : [`the document is ${document.documentElement.scrollWidth}px wide`];
  });
}

/** From the top of the page: the shell's sticky header would otherwise land mid-picture. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

function tenantRow(page: Page, tenant: string) {
  return page.getByTestId(`tenant-row-${tenant}`);
}

test.describe.serial('the admin pages', () => {
  let admin: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    admin = await apiAs('admin');
    const [alice, bob] = await Promise.all([apiAs('alice'), apiAs('bob')]);
    await Promise.all([createVCluster(alice, aliceVc), createVCluster(bob, bobVc)]);
    helmInstall(foundNs, foundName);
    await until(
      'both vClusters Running',
      async () => ((await (await admin.get('/api/vclusters')).json()) as { items: View[] }).items,
      (items) => [aliceVc, bobVc].every((n) => items.some((v) => v.name === n && v.status === 'Running' && v.creationStep === 'ready')),
    );
    await until(
      'the helm-installed vCluster found',
      async () => ((await (await admin.get('/api/discovered?unassigned=1')).json()) as { items: Array<{ namespace: string }> }).items,
      (items) => items.some((v) => v.namespace === foundNs),
    );
    await Promise.all([alice.dispose(), bob.dispose()]);
  });

  test.afterAll(async () => {
    test.setTimeout(120_000);
    await admin.delete(`/api/vclusters/tenant-a/${aliceVc}`).catch(() => undefined);
    await admin.delete(`/api/vclusters/tenant-a/${aliceVc}-2`).catch(() => undefined);
    await admin.delete(`/api/vclusters/tenant-b/${bobVc}`).catch(() => undefined);
    // Assigned, it is tenant-b's and goes like any other; if the test stopped before, remove the namespace.
    const assigned = await admin.delete(`/api/vclusters/tenant-b/${foundName}`).catch(() => undefined);
    if (!assigned?.ok()) {
      try {
        kubectl(hostKubeconfig(), ['delete', 'namespace', foundNs, '--ignore-not-found', '--wait=false']);
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 30; i++) {
      const res = await admin.delete(`/api/tenants/${newTenant}`);
      if (res.status() === 204 || res.status() === 404) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await admin.delete(`/api/templates/${newTemplate}`).catch(() => undefined);
    await admin.dispose();
  });

  test('a non-admin gets "not allowed" and no admin data', async ({ page }) => {
    await page.goto('/signin?callbackUrl=%2Fadmin');
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill(sandboxCredential('alice').password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByText('tenant-b')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Admin' })).toHaveCount(0);
  });

  test('the overview shows both tenants with counts and charts, live', async ({ page }) => {
    test.setTimeout(240_000);
    await signInAsAdmin(page);
    await expect(page.getByRole('heading', { name: 'Tenants', level: 1 })).toBeVisible();

    for (const tenant of ['tenant-a', 'tenant-b']) {
      const row = tenantRow(page, tenant);
      await expect(row.getByTestId('vcluster-count')).toHaveText(/^1\s*\/\s*3$/);
      await expect(row.getByTestId('count-running')).toHaveText('1');
      // The seed's quota: 8 CPU and 16Gi per vCluster, plus the control plane's share.
      await expect(row.getByTestId('cpu-usage')).toHaveText(/^[\d.]+m? \/ 8(\.\d+)?$/);
      await expect(row.getByTestId('memory-usage')).toHaveText(/^[\d.]+ \w+ \/ 16(\.\d+)? Gi$/);
    }

    const charts = page.getByTestId('overview-charts');
    await expect(charts.getByRole('heading', { name: 'vClusters by state' })).toBeVisible();
    await expect(charts.getByRole('img', { name: /^tenant-a: 1 vCluster of 3 allowed; 1 running/ })).toBeVisible();
    await expect(charts.getByRole('img', { name: /^tenant-b: 1 vCluster of 3 allowed; 1 running/ })).toBeVisible();
    await expect(charts.getByRole('img', { name: /^tenant-a: [\d.]+m? CPU requested of [\d.]+ allowed/ })).toBeVisible();
    await expect(charts.getByRole('img', { name: /^tenant-b: [\d.]+ \w+ memory requested of [\d.]+ \w+ allowed/ })).toBeVisible();
    await screenshot(page, 'admin-01-overview-light');

    // Live: alice makes another vCluster; the row and the chart follow without a reload.
    await page.evaluate(() => ((window as unknown as { __adminMarker?: boolean }).__adminMarker = true));
    const alice = await apiAs('alice');
    await createVCluster(alice, `${aliceVc}-2`);
    await expect(tenantRow(page, 'tenant-a').getByTestId('vcluster-count')).toHaveText(/^2\s*\/\s*3$/);
    await expect(tenantRow(page, 'tenant-a').getByTestId('count-running')).toHaveText('2', { timeout: 120_000 });
    await expect(charts.getByRole('img', { name: /^tenant-a: 2 vClusters of 3 allowed; 2 running/ })).toBeVisible();
    await alice.delete(`/api/vclusters/tenant-a/${aliceVc}-2`);
    await expect(tenantRow(page, 'tenant-a').getByTestId('vcluster-count')).toHaveText(/^1\s*\/\s*3$/, { timeout: 120_000 });
    expect(await page.evaluate(() => (window as unknown as { __adminMarker?: boolean }).__adminMarker)).toBe(true);
    await alice.dispose();

    // Dark mode, with the shell's toggle.
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await screenshot(page, 'admin-02-overview-dark');
    await page.getByRole('button', { name: 'Switch to light mode' }).click();

    // A phone: the table scrolls sideways inside its frame, the page itself does not.
    await page.setViewportSize(PHONE);
    await expect(tenantRow(page, 'tenant-a')).toBeVisible();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'admin-03-overview-phone');
  });

  test('the overview arrives with its data: tenants, charts and sleep figures in the served HTML, no placeholder', async ({ page }) => {
    await signInAsAdmin(page);
    const html = await servedHtml(page, '/admin');
    expect(html).toContain('tenant-a');
    expect(html).toContain('data-testid="overview-charts"');
    expect(html).toContain('data-testid="sleep-charts"');
    // Skeletons pulse; none is drawn for data the server already held.
    expect(html).not.toContain('animate-pulse');
    // The other pages that read the cache alone: a tenant, the templates, a new tenant's form.
    for (const path of ['/admin/tenants/tenant-a', '/admin/templates', '/admin/tenants/new']) {
      const served = await servedHtml(page, path);
      expect(served, path).toContain('standard');
      expect(served, path).not.toContain('animate-pulse');
    }
  });

  test('drills into a tenant', async ({ page }) => {
    await signInAsAdmin(page);
    await tenantRow(page, 'tenant-a').getByRole('link', { name: 'tenant-a' }).click();
    await expect(page).toHaveURL(/\/admin\/tenants\/tenant-a$/);
    await expect(page.getByRole('heading', { name: 'tenant-a', level: 1 })).toBeVisible();
    const row = page.getByTestId(`vcluster-row-${aliceVc}`);
    await expect(row).toContainText('Running');
    await expect(row).toContainText('standard');
    await expect(page.getByTestId('quota-card')).toContainText('CPU per vCluster8');
    await expect(page.getByTestId('members-card')).toContainText('alice');
    await expect(page.getByTestId('members-card')).toContainText('tenant-a:members');
    await expect(page.getByTestId('templates-card').getByRole('link', { name: 'Standard' })).toBeVisible();
    // A tenant with vClusters cannot be deleted, so it is not offered.
    await expect(page.getByRole('button', { name: 'Delete tenant' })).toHaveCount(0);
    await screenshot(page, 'admin-04-tenant-detail');
  });

  test('creates a tenant with the form, edits its quota through a concurrent change, and deletes it', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('link', { name: 'New tenant' }).click();
    await expect(page.getByRole('heading', { name: 'New tenant' })).toBeVisible();

    await page.getByLabel('Name', { exact: true }).fill(newTenant);
    await page.getByLabel('Display name').fill('E2E team');
    await page.getByLabel('Add user').fill('frank');
    await page.getByLabel('Add user').press('Enter');
    await page.getByLabel('Add group').fill('e2e:devs');
    await page.getByRole('button', { name: 'Add', exact: true }).nth(1).click();
    await expect(page.getByRole('button', { name: 'Remove user frank' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Remove group e2e:devs' })).toBeVisible();
    // Its own ingress host patterns: a wildcard by Enter, an exact host left typed (added on save).
    const addHost = page.getByLabel('Add ingress host pattern');
    await expect(addHost).toHaveAccessibleDescription(/\*\.tenant-a\.apps\.example\.com/);
    await addHost.fill(`*.${newTenant}.apps.example.com`);
    await addHost.press('Enter');
    await expect(page.getByRole('button', { name: `Remove ingress host pattern *.${newTenant}.apps.example.com` })).toBeVisible();
    await addHost.fill(`Shop.${newTenant}.example.com`);
    await page.getByLabel('Maximum vClusters').fill('2');
    await page.getByLabel('CPU per vCluster').fill('2 cores');
    await page.getByLabel('Memory per vCluster').fill('4Gi');
    await page.getByRole('checkbox', { name: /Standard/ }).check();
    await screenshot(page, 'admin-05-tenant-new');

    // The API's field error appears beside the field it names.
    await page.getByRole('button', { name: 'Create tenant' }).click();
    const cpu = page.getByLabel('CPU per vCluster');
    await expect(cpu).toHaveAttribute('aria-invalid', 'true');
    await expect(cpu).toHaveAccessibleDescription(/'2 cores' is not a Kubernetes quantity/);
    await expect(cpu).toBeFocused();
    await screenshot(page, 'admin-05b-tenant-field-error');
    await cpu.fill('2');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    // The toast lasts 4 s: look for it first, before the page it leads to has loaded.
    await expect(page.getByText(`Tenant ${newTenant} created`)).toBeVisible();

    await expect(page).toHaveURL(new RegExp(`/admin/tenants/${newTenant}$`));
    await expect(page.getByRole('heading', { name: newTenant, level: 1 })).toBeVisible();
    await expect(page.getByTestId('quota-card')).toContainText('vClusters0 of 2');
    const hostsCard = page.getByTestId('ingress-hosts-card');
    await expect(hostsCard).toContainText(`*.${newTenant}.apps.example.com`);
    await expect(hostsCard).toContainText(`shop.${newTenant}.example.com`);
    await expect(page.getByTestId('pod-security-standard')).toHaveText(/Pod Security: (baseline|restricted|privileged)/);
    const created = (await (await admin.get(`/api/tenants/${newTenant}`)).json()) as { spec: { ingressHosts?: string[] } };
    expect(created.spec.ingressHosts).toEqual([`*.${newTenant}.apps.example.com`, `shop.${newTenant}.example.com`]);
    await screenshot(page, 'admin-05c-tenant-detail-ingress-hosts');
    await page.setViewportSize(PHONE);
    await expect(hostsCard).toBeVisible();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'admin-05d-tenant-detail-phone');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Edit the quota; meanwhile another admin changes the tenant: a 409 and a reload.
    await page.getByRole('link', { name: 'Edit tenant' }).click();
    await expect(page.getByRole('heading', { name: `Edit ${newTenant}` })).toBeVisible();
    await expect(page.getByLabel('Maximum vClusters')).toHaveValue('2');
    await expect(page.getByRole('button', { name: `Remove ingress host pattern shop.${newTenant}.example.com` })).toBeVisible();
    const current = (await (await admin.get(`/api/tenants/${newTenant}`)).json()) as { spec: Record<string, unknown> & { displayName?: string }; resourceVersion: string };
    const other = await admin.put(`/api/tenants/${newTenant}`, { data: { spec: { ...current.spec, displayName: 'Renamed elsewhere' }, resourceVersion: current.resourceVersion } });
    expect(other.status(), await other.text()).toBe(200);
    // The change arrives live: the form keeps the admin's version and says it is stale.
    await expect(page.getByText('Someone else changed this tenant')).toBeVisible();
    await expect(page.getByLabel('Display name')).toHaveValue('E2E team');
    await page.getByLabel('Maximum vClusters').fill('5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Changed by someone else; reload')).toBeVisible();
    await screenshot(page, 'admin-06-tenant-edit-conflict');
    await page.getByRole('button', { name: 'Reload tenant' }).click();
    await expect(page.getByLabel('Display name')).toHaveValue('Renamed elsewhere');
    await expect(page.getByLabel('Maximum vClusters')).toHaveValue('2');
    await page.getByLabel('Maximum vClusters').fill('5');
    await page.getByLabel('Memory per vCluster').fill('8Gi');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/tenants/${newTenant}$`));
    await expect(page.getByTestId('quota-card')).toContainText('vClusters0 of 5');
    await expect(page.getByTestId('quota-card')).toContainText('Memory per vCluster8Gi');
    const saved = (await (await admin.get(`/api/tenants/${newTenant}`)).json()) as { spec: { quota: { maxVClusters: number; memory: string; cpu: string }; ingressHosts?: string[] } };
    expect(saved.spec.quota).toMatchObject({ maxVClusters: 5, memory: '8Gi', cpu: '2' });
    expect(saved.spec.ingressHosts).toEqual([`*.${newTenant}.apps.example.com`, `shop.${newTenant}.example.com`]);

    // No vClusters: delete is offered, behind a confirmation.
    await page.getByRole('button', { name: 'Delete tenant' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete tenant ${newTenant}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Delete tenant' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(tenantRow(page, newTenant)).toHaveCount(0);
    expect((await admin.get(`/api/tenants/${newTenant}`)).status()).toBe(404);
  });

  test('creates a template, with a parse error on the way', async ({ page }) => {
    await signInAsAdmin(page, '/admin/templates');
    await expect(page.getByTestId('template-row-standard')).toContainText('tenant-a, tenant-b');
    await page.getByRole('link', { name: 'New template' }).click();
    await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill(newTemplate);
    await page.getByLabel('Display name').fill('E2E small');
    await page.getByLabel('Description').fill('Small control plane; tenants may sync ingresses.');
    const values = page.getByLabel(/Base values/);
    await values.fill('controlPlane:\n  statefulSet: [unclosed\n');
    await page.getByRole('checkbox', { name: /Ingress sync/ }).check();
    await expect(values).toHaveAttribute('aria-invalid', 'true');
    await expect(values).toHaveAccessibleDescription(/Line \d+, column \d+/);
    await screenshot(page, 'admin-08-template-new-error');
    await values.fill('controlPlane:\n  statefulSet:\n    resources:\n      requests:\n        cpu: 100m\n');

    // Pod Security: baseline unless chosen; privileged says what it gives away.
    await expect(page.getByRole('radio', { name: /Baseline/ })).toBeChecked();
    await expect(page.getByRole('radio', { name: /Baseline/ })).toHaveAccessibleDescription(/Refuses privileged containers/);
    await expect(page.getByTestId('pod-security-warning')).toHaveCount(0);
    await page.getByRole('radio', { name: /Privileged/ }).check();
    await expect(page.getByTestId('pod-security-warning')).toBeVisible();
    await expect(page.getByRole('radio', { name: /Privileged/ })).toHaveAccessibleDescription(/take over the host's nodes/);
    await screenshot(page, 'admin-08b-template-privileged-warning');
    await page.getByRole('radio', { name: /Restricted/ }).check();
    await expect(page.getByTestId('pod-security-warning')).toHaveCount(0);

    // Ingress hosts: a wildcard over a whole public suffix is refused, beside the field.
    const addHost = page.getByLabel('Add ingress host pattern');
    await expect(addHost).toHaveAccessibleDescription(/\{tenant\} and \{vcluster\}/);
    await addHost.fill('*.com');
    await addHost.press('Enter');
    await page.getByRole('button', { name: 'Create template' }).click();
    await expect(addHost).toHaveAttribute('aria-invalid', 'true');
    await expect(addHost).toHaveAccessibleDescription(/'\*\.com' is too wide/);
    await expect(addHost).toBeFocused();
    await screenshot(page, 'admin-08c-template-ingress-error');
    await page.getByRole('button', { name: 'Remove ingress host pattern *.com' }).click();
    await addHost.fill('*.{vcluster}.{tenant}.apps.example.com');
    await page.getByRole('button', { name: 'Create template' }).click();
    await expect(page).toHaveURL(/\/admin\/templates$/);
    const row = page.getByTestId(`template-row-${newTemplate}`);
    await expect(row).toContainText('E2E small');
    await expect(row).toContainText('Ingress sync');
    await expect(row).toContainText('controlPlane');
    await screenshot(page, 'admin-07-templates');
    const stored = (await (await admin.get(`/api/templates/${newTemplate}`)).json()) as { spec: { baseValues: unknown; allowedOptions: string[]; podSecurityLevel?: string; ingressHosts?: string[] } };
    expect(stored.spec).toMatchObject({
      baseValues: { controlPlane: { statefulSet: { resources: { requests: { cpu: '100m' } } } } },
      allowedOptions: ['ingressSync'],
      podSecurityLevel: 'restricted',
      ingressHosts: ['*.{vcluster}.{tenant}.apps.example.com'],
    });

    // Its page shows the values back as YAML; it is used by no tenant, so it can be deleted.
    await row.getByRole('link', { name: 'E2E small' }).click();
    await expect(page.getByLabel(/Base values/)).toHaveValue(/cpu: 100m/);
    // Read-only above the form, and the form itself, say the same.
    await expect(page.getByTestId('template-pod-security')).toHaveText(/Restricted/);
    await expect(page.getByTestId('template-ingress-hosts')).toHaveText('*.{vcluster}.{tenant}.apps.example.com');
    await expect(page.getByRole('radio', { name: /Restricted/ })).toBeChecked();
    await expect(page.getByRole('button', { name: 'Remove ingress host pattern *.{vcluster}.{tenant}.apps.example.com' })).toBeVisible();
    await screenshot(page, 'admin-09-template-edit');
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await screenshot(page, 'admin-09b-template-edit-dark');
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    // The seeded template names none: the page says what that means.
    await page.goto('/admin/templates/standard');
    await expect(page.getByTestId('template-policy')).toBeVisible();
    const standard = (await (await admin.get('/api/templates/standard')).json()) as { spec: { ingressHosts?: string[] } };
    if ((standard.spec.ingressHosts ?? []).length === 0) await expect(page.getByTestId('template-ingress-hosts')).toContainText('every Ingress host is refused');
    await page.goto(`/admin/templates/${newTemplate}`);
    await expect(page.getByLabel(/Base values/)).toHaveValue(/cpu: 100m/);
    await page.getByRole('button', { name: 'Delete template' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete template' }).click();
    await expect(page).toHaveURL(/\/admin\/templates$/);
    await expect(page.getByTestId(`template-row-${newTemplate}`)).toHaveCount(0);
  });

  test("filters the audit trail and sees the tenants' actions", async ({ page }) => {
    await signInAsAdmin(page, '/admin/audit');
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
    const filters = page.getByRole('form', { name: 'Filter the audit trail' });
    await filters.getByLabel('Tenant').fill('tenant-a');
    await filters.getByLabel('Action').selectOption('vcluster.create');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/tenant=tenant-a/);
    const mine = page.getByTestId('audit-row').filter({ hasText: aliceVc }).first();
    await expect(mine).toContainText('alice');
    await expect(mine).toContainText('vcluster.create');
    await expect(mine).toContainText('success');
    // Every row matches the filter; bob's creation is not among them.
    for (const text of await page.getByTestId('audit-row').allInnerTexts()) expect(text).toMatch(/vcluster\.create[\s\S]*tenant-a/);
    await expect(page.getByTestId('audit-row').filter({ hasText: bobVc })).toHaveCount(0);

    await filters.getByLabel('User').fill('bob');
    await filters.getByLabel('Tenant').fill('');
    await filters.getByLabel('Since').selectOption('1h');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByTestId('audit-row').filter({ hasText: bobVc }).first()).toContainText('tenant-b');
    await expect(page.getByTestId('audit-row').filter({ hasText: 'alice' })).toHaveCount(0);
    await screenshot(page, 'admin-10-audit');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'admin-11-audit-phone');
  });

  test('assigns a found vCluster to a tenant and it moves out of "Found"', async ({ page }) => {
    test.setTimeout(180_000);
    await signInAsAdmin(page);
    const found = page.getByTestId(`found-${foundNs}-${foundName}`);
    await expect(found).toBeVisible();
    await found.getByLabel(`Tenant for ${foundName}`).selectOption('tenant-b');
    await found.getByRole('button', { name: 'Assign' }).click();
    const dialog = page.getByRole('dialog', { name: `Assign ${foundName} to tenant-b?` });
    await expect(dialog).toBeVisible();
    await screenshot(page, 'admin-12-assign-confirm');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await expect(dialog).toBeHidden();
    await expect(found).toHaveCount(0);
    await expect(tenantRow(page, 'tenant-b').getByTestId('vcluster-count')).toHaveText(/^2\s*\/\s*3$/);
    await tenantRow(page, 'tenant-b').getByRole('link', { name: 'tenant-b' }).click();
    await expect(page.getByTestId(`vcluster-row-${foundName}`)).toBeVisible();
    await expect(page.getByTestId(`vcluster-row-${foundName}`)).toContainText(foundNs);
    await expect(page.getByTestId(`vcluster-row-${foundName}`)).toContainText('Helm release, assigned by admin');
  });
});
