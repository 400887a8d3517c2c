// What the browser pays and how live it is: first-load JavaScript of each main page (bytes of
// script responses in Debian's Chromium, compressed as served), and the time from a change made
// directly on the host (pausing a vCluster's StatefulSet) to the list page showing it.
// Starts its own sandbox (.sandbox-bench-pages) and production build (.next-bench), stops both.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { buildDashboard } from './dashboard-build';

process.env.CUBBY_SANDBOX_DIR = '.sandbox-bench-pages';
process.env.CUBBY_NEXT_DIST_DIR = '.next-bench';
const root = join(__dirname, '..');
const tsx = [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server'];
const port = 3390;
const base = `http://localhost:${port}`;

function cli(args: string[]): void {
  execFileSync(process.execPath, [...tsx, join(root, 'sandbox', 'cli.ts'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${base}/api/openapi.json`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the dashboard did not start');
}

function password(user: string): string {
  const creds = JSON.parse(readFileSync(join(root, '.sandbox-bench-pages', 'credentials.json'), 'utf8')) as Array<{ username: string; password: string }>;
  return creds.find((c) => c.username === user)!.password;
}

async function scriptBytes(page: Page, path: string): Promise<number> {
  let bytes = 0;
  const onResponse = async (response: import('@playwright/test').Response) => {
    if (response.request().resourceType() !== 'script') return;
    const sizes = await response.request().sizes().catch(() => undefined);
    // Bytes as transferred (compressed); a body served without a size counts by its length.
    bytes += sizes && sizes.responseBodySize > 0 ? sizes.responseBodySize : (await response.body().catch(() => Buffer.alloc(0))).length;
  };
  page.on('response', onResponse);
  await page.goto(path, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  return bytes;
}

async function main(): Promise<void> {
  let server: ChildProcess | undefined;
  cli(['down']);
  try {
    cli(['up']);
    buildDashboard(process.env.CUBBY_NEXT_DIST_DIR!);
    server = spawn(process.execPath, [...tsx, join(root, 'sandbox', 'cli.ts'), 'serve', String(port)], { cwd: root, stdio: 'ignore', detached: true });
    await waitForServer();

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    console.log(`first-load JavaScript (a fresh browser cache per page):`);
    // A new context per page: an empty HTTP cache, with the signed-in cookies when given.
    const fresh = async (path: string, storageState?: Awaited<ReturnType<typeof context.storageState>>) => {
      const c = await browser.newContext({ baseURL: base, storageState });
      const p = await c.newPage();
      const kb = (await scriptBytes(p, path)) / 1024;
      await c.close();
      return kb;
    };
    console.log(`  /signin ${(await fresh('/signin')).toFixed(0)} KiB`);

    await page.goto('/signin');
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill(password('alice'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${base}/`);
    const name = `bench-${Date.now().toString(36)}`;
    const created = await page.request.post('/api/vclusters', { data: { name, template: 'standard' }, headers: { Origin: base } });
    if (created.status() !== 202) throw new Error(`create failed: ${created.status()} ${await created.text()}`);

    const signedIn = await context.storageState();
    for (const path of ['/', '/vclusters/new', `/vclusters/tenant-a/${name}`, '/tokens']) {
      console.log(`  ${path.replace(name, '[name]')} ${(await fresh(path, signedIn)).toFixed(0)} KiB`);
    }

    await page.goto('/');
    const row = page.getByRole('row', { name: new RegExp(name) }).or(page.locator(`[data-vcluster="${name}"]`)).first();
    await row.getByText('Running').waitFor({ timeout: 120_000 });
    const latencies: number[] = [];
    const kubectl = (args: string[]) =>
      execFileSync(join(JSON.parse(readFileSync(join(root, '.sandbox-bench-pages', 'state.json'), 'utf8')).binDir, 'kubectl'), ['--kubeconfig', join(root, '.sandbox-bench-pages', 'kubeconfig'), ...args], { stdio: 'ignore' });
    for (let i = 0; i < 5; i++) {
      const paused = i % 2 === 0;
      const started = Date.now();
      kubectl(['-n', `vc-tenant-a--${name}`, 'annotate', 'statefulset', name, '--overwrite', paused ? 'loft.sh/paused=true' : 'loft.sh/paused-']);
      await row.getByText(paused ? 'Paused' : 'Running').waitFor({ timeout: 30_000 });
      latencies.push(Date.now() - started);
    }
    latencies.sort((a, b) => a - b);
    console.log(`host change -> browser shows it: median ${latencies[2]} ms (runs ${latencies.join(', ')} ms)`);
    await browser.close();
  } finally {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    cli(['down']);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
