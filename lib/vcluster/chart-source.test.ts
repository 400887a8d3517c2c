import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import {
  ChartSourceError,
  type ChartSettings,
  chartCacheKey,
  chartSettingsFromEnv,
  forgetResolvedCharts,
  pullArguments,
  resolveChart,
} from './chart-source';
import { renderChart } from './chart-render';

const TEST_CHART = resolve(__dirname, '../../sandbox/charts/vcluster');

describe('chartSettingsFromEnv', () => {
  it('defaults to the real chart from charts.loft.sh and helm on PATH', () => {
    const settings = chartSettingsFromEnv({ XDG_CACHE_HOME: '/cache' });
    expect(settings.source).toEqual({ kind: 'repository', repository: 'https://charts.loft.sh', chart: 'vcluster', version: '0.36.1' });
    expect(settings.helmBinary).toBe('helm');
    expect(settings.cacheDir).toBe('/cache/cubby/charts');
  });

  it('takes a directory, an OCI reference, another repository, version and helm path', () => {
    expect(chartSettingsFromEnv({ CUBBY_CHART_DIR: '/charts/vc' }).source).toEqual({ kind: 'directory', path: '/charts/vc' });
    expect(chartSettingsFromEnv({ CUBBY_CHART_OCI: 'oci://ghcr.io/loft-sh/charts/vcluster', CUBBY_CHART_VERSION: '0.36.0' }).source).toEqual({
      kind: 'oci',
      reference: 'oci://ghcr.io/loft-sh/charts/vcluster',
      version: '0.36.0',
    });
    const mirror = chartSettingsFromEnv({ CUBBY_CHART_REPOSITORY: 'https://mirror.example/charts', CUBBY_HELM_BIN: '/opt/helm', CUBBY_CHART_CACHE_DIR: '/c' });
    expect(mirror.source).toMatchObject({ kind: 'repository', repository: 'https://mirror.example/charts' });
    expect(mirror.helmBinary).toBe('/opt/helm');
    expect(mirror.cacheDir).toBe('/c');
  });

  it('treats empty variables as unset and names a bad one', () => {
    expect(chartSettingsFromEnv({ CUBBY_CHART_DIR: '', CUBBY_HELM_BIN: '' }).source.kind).toBe('repository');
    expect(() => chartSettingsFromEnv({ CUBBY_CHART_OCI: 'ghcr.io/x' })).toThrow(/CUBBY_CHART_OCI: must start with oci:\/\//);
    expect(() => chartSettingsFromEnv({ CUBBY_CHART_REPOSITORY: 'ftp://x' })).toThrow(/CUBBY_CHART_REPOSITORY/);
    expect(() => chartSettingsFromEnv({ CUBBY_CHART_DIR: '/a', CUBBY_CHART_OCI: 'oci://b' })).toThrow(/either/);
  });
});

describe('pull arguments and cache keys', () => {
  it('pulls from a repository without `helm repo add`, and from OCI by reference', () => {
    expect(pullArguments({ kind: 'repository', repository: 'https://charts.loft.sh', chart: 'vcluster', version: '0.36.1' }, '/t')).toEqual([
      'pull', 'vcluster', '--repo', 'https://charts.loft.sh', '--version', '0.36.1', '--untar', '--untardir', '/t',
    ]);
    expect(pullArguments({ kind: 'oci', reference: 'oci://r/vcluster', version: '1.0.0' }, '/t')).toEqual([
      'pull', 'oci://r/vcluster', '--version', '1.0.0', '--untar', '--untardir', '/t',
    ]);
  });

  it('keys the cache by the whole source', () => {
    const a = chartCacheKey({ kind: 'repository', repository: 'https://a', chart: 'vcluster', version: '0.36.1' });
    const b = chartCacheKey({ kind: 'repository', repository: 'https://b', chart: 'vcluster', version: '0.36.1' });
    expect(a).toMatch(/^vcluster-0\.36\.1-[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
  });
});

const helm = findHelmBinary();
const haveHelm = helm !== 'helm' && existsSync(helm);

describe.skipIf(!haveHelm)('resolveChart against a local chart repository', () => {
  const work = mkdtempSync(join(tmpdir(), 'cubby-chart-source-'));
  const repoDir = join(work, 'repo');
  let server: Server;
  let url = '';
  const archiveRequests: string[] = [];

  beforeAll(async () => {
    execFileSync(helm, ['package', TEST_CHART, '--destination', repoDir], { stdio: 'pipe' });
    server = createServer((req, res) => {
      const file = join(repoDir, (req.url ?? '/').split('?')[0]!);
      if (req.url?.endsWith('.tgz')) archiveRequests.push(req.url);
      if (!file.startsWith(repoDir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    execFileSync(helm, ['repo', 'index', repoDir, '--url', url], { stdio: 'pipe' });
  });

  afterAll(async () => {
    forgetResolvedCharts();
    await new Promise((done) => server.close(done));
    rmSync(work, { recursive: true, force: true });
  });

  const settingsFor = (version: string, cacheDir = join(work, 'cache')): ChartSettings => ({
    source: { kind: 'repository', repository: url, chart: 'vcluster', version },
    helmBinary: helm,
    cacheDir,
  });

  it('pulls once for concurrent first calls, then serves from the cache, also after a restart', async () => {
    const settings = settingsFor('0.36.1');
    const resolved = await Promise.all([1, 2, 3, 4].map(() => resolveChart(settings)));
    expect(new Set(resolved.map((r) => r.dir)).size).toBe(1);
    expect(resolved[0]).toMatchObject({ name: 'vcluster', version: '0.36.1' });
    expect(existsSync(join(resolved[0]!.dir, 'values.schema.json'))).toBe(true);
    expect(archiveRequests).toHaveLength(1);

    forgetResolvedCharts(); // as a new process would
    const again = await resolveChart(settings);
    expect(again.dir).toBe(resolved[0]!.dir);
    expect(archiveRequests).toHaveLength(1);

    const rendered = await renderChart({ release: 'r', namespace: 'n', values: {} }, settings);
    expect(rendered.objects.some((o) => o.kind === 'StatefulSet')).toBe(true);
  });

  it('reports a failed pull and tries again on the next call', async () => {
    const settings = settingsFor('9.9.9', join(work, 'cache-missing'));
    await expect(resolveChart(settings)).rejects.toBeInstanceOf(ChartSourceError);
    await expect(resolveChart(settings)).rejects.toThrow(/helm pull of chart vcluster 9\.9\.9/);
  });
});
