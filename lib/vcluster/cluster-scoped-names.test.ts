import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import { renderChart } from './chart-render';
import type { ChartSettings } from './chart-source';
import { chartClusterRoleName, chartClusterScopedNames, chartMultiNamespaceRoleName, helmTruncTrim } from './cluster-scoped-names';
import { hostNamespaceName } from './vcluster-name';

const name = (length: number, letter = 'n') => `${letter}${'x'.repeat(length - 1)}`;

// Tenant, vCluster name: the collision that was found, and every way the cut can end.
const CASES: Array<{ what: string; tenant: string; release: string }> = [
  { what: 'short names (no cut)', tenant: 'team-a', release: 'dev' },
  { what: 'a 16-character tenant prefix and a 37-character name', tenant: 'platform-paymnts-a', release: name(37) },
  { what: 'the same prefix, the other tenant', tenant: 'platform-paymnts-b', release: name(37) },
  { what: 'a 40-character name', tenant: 'platform-paymen-aa', release: name(40) },
  { what: 'a cut right after the separator "--" (one hyphen trimmed, one kept)', tenant: 'abcdefghijkl', release: name(40) },
  { what: 'a cut right after one hyphen', tenant: 'abcdefghijklm', release: name(40) },
  { what: 'a name with hyphens at the cut', tenant: 'ab', release: 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t' },
];

describe('helmTruncTrim', () => {
  it("cuts to 63 and drops exactly one trailing hyphen, as Go's strings.TrimSuffix does", () => {
    expect(helmTruncTrim('a'.repeat(70))).toBe('a'.repeat(63));
    expect(helmTruncTrim(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
    expect(helmTruncTrim(`${'a'.repeat(61)}--b`)).toBe(`${'a'.repeat(61)}-`);
    expect(helmTruncTrim('short-')).toBe('short');
  });
});

describe('chart cluster-scoped names', () => {
  it('gives two tenants that share a 16-character prefix the same ClusterRole name for a 38-character vCluster name', () => {
    const release = name(38);
    const a = chartClusterRoleName(release, hostNamespaceName('platform-paymnts-a', release));
    const b = chartClusterRoleName(release, hostNamespaceName('platform-paymnts-b', release));
    expect(a).toHaveLength(63);
    expect(a).toBe(b);
  });

  it('keeps the namespace whole when it fits', () => {
    expect(chartClusterScopedNames('dev', 'vc-team-a--dev')).toEqual(['vc-dev-v-vc-team-a--dev', 'vc-mn-dev-v-vc-team-a--dev']);
  });
});

const helm = findHelmBinary();
const haveHelm = helm !== 'helm' && existsSync(helm);

describe.skipIf(!haveHelm)('chart cluster-scoped names against `helm template` of the chart', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'cubby-names-'));
  const settings: ChartSettings = { source: { kind: 'directory', path: resolve(__dirname, '../../sandbox/charts/vcluster') }, helmBinary: helm, cacheDir };
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it.each(CASES)('$what', async ({ tenant, release }) => {
    const namespace = hostNamespaceName(tenant, release);
    const values = { sync: { fromHost: { nodes: { enabled: true } }, toHost: { namespaces: { enabled: true } } } };
    const rendered = await renderChart({ release, namespace, values }, settings);
    const clusterScoped = rendered.objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding').map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(clusterScoped.sort()).toEqual(
      [
        `ClusterRole/${chartClusterRoleName(release, namespace)}`,
        `ClusterRoleBinding/${chartClusterRoleName(release, namespace)}`,
        `ClusterRole/${chartMultiNamespaceRoleName(release, namespace)}`,
        `ClusterRoleBinding/${chartMultiNamespaceRoleName(release, namespace)}`,
      ].sort(),
    );
  });
});
