// The scale bench's browser part (issue 13, items 3 and 4): Debian's Chromium signed in as the
// admin, on the list of every vCluster (2,000 rows at full size) and the admin overview.
// Measures the script time Chromium spent (CDP Performance.getMetrics, ScriptDuration) while the
// user filters by typing, sorts and pages, and whether the first paint already shows data (the
// server-rendered HTML holds rows, no skeleton is drawn).
import { chromium, type Page } from '@playwright/test';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function scriptMs(page: Page, action: () => Promise<void>): Promise<{ script: number; wall: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
  };
  const before = await read();
  const started = performance.now();
  await action();
  const wall = performance.now() - started;
  const script = (await read()) - before;
  await cdp.detach();
  return { script, wall };
}

/** The vCluster rows on the page (the table's rows on a desktop-wide window). */
const rowCount = (page: Page) => page.locator('tr[data-vcluster]').count();

export async function measureBrowser(base: string, admin: { username: string; password: string }, expectRows: number): Promise<string[]> {
  // One printed line per figure.
  const lines: string[] = [];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('User name').fill(admin.username);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/`);

    // First paint: the HTML as served, before any script ran.
    for (const path of ['/', '/admin']) {
      const started = performance.now();
      const res = await page.request.get(path);
      const html = await res.text();
      const ms = performance.now() - started;
      const skeletons = (html.match(/animate-pulse/g) ?? []).length;
      const hasRows = path === '/' ? html.includes('data-vcluster=') : html.includes('scale-00');
      lines.push(`  first paint ${path.padEnd(7)} HTML ${(html.length / 1024).toFixed(0)} KiB in ${ms.toFixed(0)} ms: ${hasRows ? 'data in the HTML' : 'NO DATA in the HTML'}, ${skeletons} skeleton placeholders`);
    }

    const load = await scriptMs(page, async () => {
      await page.goto('/', { waitUntil: 'load' });
      await page.locator('tr[data-vcluster]').first().waitFor();
    });
    lines.push(`  list of ${expectRows} vClusters, page load: ${load.script.toFixed(0)} ms script (${load.wall.toFixed(0)} ms wall), ${await rowCount(page)} rows drawn`);

    const filter = page.getByRole('searchbox');
    const typed = await scriptMs(page, async () => {
      await filter.pressSequentially('scale-03 paused', { delay: 30 });
      await page.getByRole('status').filter({ hasText: /match/ }).waitFor();
    });
    const keystrokes = 'scale-03 paused'.length;
    lines.push(`  filter, typing "scale-03 paused" (${keystrokes} keys): ${typed.script.toFixed(0)} ms script in all, ${(typed.script / keystrokes).toFixed(1)} ms per key`);
    await filter.fill('');

    const sortSelect = page.getByLabel('Sort by');
    const sorts: string[] = [];
    for (const key of ['name', 'status', 'age', 'pods', 'tenant']) {
      const sorted = await scriptMs(page, async () => {
        await sortSelect.selectOption(key);
        await page.waitForTimeout(50);
      });
      sorts.push(`${key} ${sorted.script.toFixed(0)}`);
    }
    lines.push(`  sort of ${expectRows} rows, script ms per change: ${sorts.join(', ')}`);

    const next = page.getByRole('button', { name: /next/i }).first();
    if (await next.isVisible()) {
      const paged = await scriptMs(page, async () => {
        await next.click();
        await page.waitForTimeout(50);
      });
      lines.push(`  next page: ${paged.script.toFixed(0)} ms script`);
    }

    const overview = await scriptMs(page, async () => {
      await page.goto('/admin', { waitUntil: 'load' });
      await page.getByText('scale-00').first().waitFor();
    });
    lines.push(`  admin overview page load: ${overview.script.toFixed(0)} ms script (${overview.wall.toFixed(0)} ms wall)`);
    await context.close();
  } finally {
    await browser.close();
  }
  return lines;
}
