// An admin pastes a values file written for the pre-0.20 chart into a new template: before
// anything is saved, Cubby shows each old key, where it moves and with what value; the admin
// takes the converted values and saves them.
import { expect, test } from '@playwright/test';
import { apiAs, sandboxCredential, screenshot } from './tenant-helpers';

const name = `e2e-legacy-${Date.now().toString(36).slice(-5)}`;

// The seed article's values: every host node, pods pinned to one pool, network policies synced.
const OLD_VALUES = `sync:
  nodes:
    enabled: true
    syncAllNodes: true
    nodeSelector: "pool=general"
  networkpolicies:
    enabled: true
`;

test.afterAll(async () => {
  const admin = await apiAs('admin');
  await admin.delete(`/api/templates/${name}`);
});

test('a pre-0.20 values file is shown key by key and saved converted', async ({ page }) => {
  await page.goto('/admin/templates/new');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill(sandboxCredential('admin').password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'New template' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(/Base values/).fill(OLD_VALUES);
  await page.getByRole('button', { name: 'Create template' }).click();

  // Nothing is saved yet: the conversion is shown first.
  const converted = page.getByRole('table', { name: 'Converted keys' });
  await expect(converted).toBeVisible();
  for (const [from, to] of [
    ['sync.nodes.syncAllNodes', 'sync.fromHost.nodes.selector.all'],
    ['sync.nodes.nodeSelector', 'sync.fromHost.nodes.selector.labels'],
    ['sync.networkpolicies.enabled', 'sync.toHost.networkPolicies.enabled'],
  ] as const) {
    await expect(converted.getByRole('row').filter({ hasText: from })).toContainText(to);
  }
  await expect(page).toHaveURL(/\/admin\/templates\/new$/);
  await screenshot(page, 'admin-legacy-import-preview');

  await page.getByRole('button', { name: 'Use the converted values' }).click();
  await expect(page.getByLabel(/Base values/)).toHaveValue(/fromHost:/);
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(/\/admin\/templates$/);
  await expect(page.getByTestId(`template-row-${name}`)).toContainText('sync');

  const admin = await apiAs('admin');
  const stored = (await (await admin.get(`/api/templates/${name}`)).json()) as { spec: { baseValues: unknown } };
  expect(stored.spec.baseValues).toEqual({
    sync: {
      fromHost: { nodes: { enabled: true, selector: { all: true, labels: { pool: 'general' } } } },
      toHost: { networkPolicies: { enabled: true } },
    },
  });
});
