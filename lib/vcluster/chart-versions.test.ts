// Several chart versions (issue 14 item 2): the versions directory, the version checks, the
// chart label, the arguments of an upgrade that reuses a release's values, the overlay of a
// found vCluster's option change, and the progress records of a chart upgrade run.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseLabels } from './apply-objects';
import { ChartVersionUnavailableError, type ChartSettings, chartSettingsFromEnv, configuredChartVersion, resolveChart } from './chart-source';
import { chartVersionOfLabel, isChartVersion } from './chart-version';
import { displayedState, isLive, parseChartUpgrade, STALE_MS } from './chart-upgrade';
import { reuseOverlay, unionOfAllowedOptions } from './found-options';
import { parseChartColumn, upgradeInstallArgs } from './helm-release';

const TEST_CHART = resolve(__dirname, '../../sandbox/charts/vcluster');

describe('chart versions', () => {
  const versionsDir = mkdtempSync(join(tmpdir(), 'cubby-versions-unit-'));
  const copy = join(versionsDir, 'some-directory-name');
  cpSync(TEST_CHART, copy, { recursive: true });
  writeFileSync(join(copy, 'Chart.yaml'), readFileSync(join(copy, 'Chart.yaml'), 'utf8').replace(/^version: .*$/m, 'version: 0.37.0'));
  writeFileSync(join(versionsDir, 'vcluster-0.38.0-rc.1.tgz'), 'not opened here');
  const settings: ChartSettings = { source: { kind: 'directory', path: TEST_CHART }, helmBinary: 'helm', cacheDir: join(versionsDir, 'cache'), versionsDir };

  afterAll(() => rmSync(versionsDir, { recursive: true, force: true }));

  it('reads CUBBY_CHART_VERSIONS_DIR', () => {
    expect(chartSettingsFromEnv({ CUBBY_CHART_DIR: '/c', CUBBY_CHART_VERSIONS_DIR: '/v' }).versionsDir).toBe('/v');
    expect(chartSettingsFromEnv({ CUBBY_CHART_DIR: '/c' }).versionsDir).toBeUndefined();
  });

  it("a directory source's configured version is its chart's own", async () => {
    expect(configuredChartVersion(settings)).toBe('0.36.1');
    expect((await resolveChart(settings)).dir).toBe(TEST_CHART);
    expect((await resolveChart(settings, '0.36.1')).dir).toBe(TEST_CHART);
  });

  it('finds other versions in the versions directory by Chart.yaml, or a packaged chart by its file name', async () => {
    expect(await resolveChart(settings, '0.37.0')).toEqual({ dir: copy, name: 'vcluster', version: '0.37.0' });
    expect(await resolveChart(settings, '0.38.0-rc.1')).toEqual({ dir: join(versionsDir, 'vcluster-0.38.0-rc.1.tgz'), name: 'vcluster', version: '0.38.0-rc.1' });
  });

  it('says plainly when no source has the version', async () => {
    await expect(resolveChart(settings, '0.99.0')).rejects.toBeInstanceOf(ChartVersionUnavailableError);
    await expect(resolveChart({ ...settings, versionsDir: undefined }, '0.99.0')).rejects.toThrow(/CUBBY_CHART_VERSIONS_DIR/);
    await expect(resolveChart(settings, '../../etc')).rejects.toThrow(/not a chart version/);
  });

  it('checks the form of a version and reads it from a chart label', () => {
    for (const ok of ['0.36.1', 'v1.2.3', '0.38.0-rc.1', '1.0.0+build.5']) expect(isChartVersion(ok)).toBe(true);
    for (const bad of ['', '0.36', 'latest', '0.36.1 ', '../0.36.1', `1.0.0-${'a'.repeat(80)}`]) expect(isChartVersion(bad)).toBe(false);
    expect(chartVersionOfLabel('vcluster-0.36.1')).toBe('0.36.1');
    expect(chartVersionOfLabel('my-chart-1.0.0_build.5')).toBe('1.0.0+build.5');
    expect(chartVersionOfLabel('vcluster')).toBeUndefined();
    expect(parseChartColumn('my-vcluster-0.38.0-rc.1')).toEqual({ name: 'my-vcluster', version: '0.38.0-rc.1' });
  });
});

describe('upgrade arguments that reuse the release values', () => {
  it('has no --install and --reuse-values instead of --reset-values', () => {
    const args = upgradeInstallArgs({
      release: 'made',
      namespace: 'team',
      chartDir: '/charts/vcluster',
      valuesFile: '-',
      nodeBinary: '/usr/bin/node',
      postRenderer: '/app/post.mjs',
      labels: releaseLabels('acme', 'made'),
      values: 'reuse',
    });
    expect(args.slice(0, 7)).toEqual(['upgrade', 'made', '/charts/vcluster', '--namespace', 'team', '--reuse-values', '--values']);
    expect(args).not.toContain('--install');
    expect(args).not.toContain('--reset-values');
  });
});

describe("a found vCluster's option change", () => {
  it('puts only the options on top, deleting map keys the new map lacks', () => {
    const current = {
      exportKubeConfig: { context: 'kept' },
      sync: { toHost: { ingresses: { enabled: true } }, fromHost: { nodes: { enabled: true, selector: { labels: { pool: 'general', zone: 'a' } } } } },
    };
    const merged = {
      exportKubeConfig: { context: 'kept' },
      sync: { toHost: { ingresses: { enabled: false } }, fromHost: { nodes: { enabled: true, selector: { labels: { zone: 'b' } } } } },
    };
    expect(reuseOverlay(current, merged, [['sync', 'toHost', 'ingresses', 'enabled'], ['sync', 'fromHost', 'nodes', 'selector', 'labels']])).toEqual({
      sync: { toHost: { ingresses: { enabled: false } }, fromHost: { nodes: { selector: { labels: { zone: 'b', pool: null } } } } },
    });
  });

  it('may change what any of the tenant\'s templates allows', () => {
    expect(unionOfAllowedOptions([['ingressSync'], [], ['ingressSync', 'nodeSync.enabled']])).toEqual(['ingressSync', 'nodeSync.enabled']);
  });
});

describe('chart upgrade records', () => {
  const record = { run: 'r', template: 't', from: '0.36.1', to: '0.36.2', state: 'upgrading', position: 1, by: 'admin', at: new Date(0).toISOString() };

  it('reads what a run wrote and ignores what it cannot read', () => {
    expect(parseChartUpgrade(JSON.stringify({ ...record, fromRevision: 1, reason: 'x' }))).toMatchObject({ state: 'upgrading', fromRevision: 1, reason: 'x' });
    expect(parseChartUpgrade('{')).toBeUndefined();
    expect(parseChartUpgrade(JSON.stringify({ ...record, state: 'exploded' }))).toBeUndefined();
  });

  it('calls a live state nobody writes any more interrupted', () => {
    const parsed = parseChartUpgrade(JSON.stringify(record))!;
    expect(isLive(parsed, STALE_MS - 1)).toBe(true);
    expect(displayedState(parsed, STALE_MS - 1)).toBe('upgrading');
    expect(isLive(parsed, STALE_MS + 1)).toBe(false);
    expect(displayedState(parsed, STALE_MS + 1)).toBe('interrupted');
    expect(displayedState({ ...parsed, state: 'done' }, STALE_MS * 10)).toBe('done');
  });
});

describe("a template's chart version", () => {
  it('is optional, empty means unset, and must look like a version', async () => {
    const { TemplateSpecSchema } = await import('@/lib/tenancy/template-input');
    expect(TemplateSpecSchema.parse({ chartVersion: '0.36.2' }).chartVersion).toBe('0.36.2');
    expect(TemplateSpecSchema.parse({ chartVersion: '' }).chartVersion).toBeUndefined();
    expect(TemplateSpecSchema.parse({}).chartVersion).toBeUndefined();
    expect(TemplateSpecSchema.safeParse({ chartVersion: 'latest' }).success).toBe(false);
  });
});
