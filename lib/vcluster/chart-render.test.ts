import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import type { ChartSettings } from './chart-source';
import { parseManifests, parseSchemaProblems, renderChart, renderError } from './chart-render';
import { VClusterError } from './lifecycle-error';

const HELM_3_22 = `Error: values don't meet the specifications of the schema(s) in the following chart(s):
vcluster:
- at '/sync/toHost': validation failed
  - at '/sync/toHost/ingresses/enabled': got string, want boolean
  - at '/sync/toHost': additional properties 'bar' not allowed
- at '': additional properties 'foo', 'baz' not allowed
`;

describe('parseSchemaProblems', () => {
  it('names the offending key of the message helm prints for the pre-0.20 layout', () => {
    const stderr = `Error: values don't meet the specifications of the schema(s) in the following chart(s):
vcluster:
- at '/sync': additional properties 'ingresses' not allowed
`;
    expect(parseSchemaProblems(stderr)).toEqual([{ key: 'sync.ingresses', message: "additional properties 'ingresses' not allowed" }]);
  });

  it('keeps leaf problems, skips "validation failed" parents, splits several properties', () => {
    expect(parseSchemaProblems(HELM_3_22).map((p) => p.key)).toEqual([
      'sync.toHost.ingresses.enabled',
      'sync.toHost.bar',
      'foo',
      'baz',
    ]);
  });

  it('unescapes JSON pointers (keys with / and ~)', () => {
    const stderr = "- at '/controlPlane/statefulSet/annotations/a~1b~0c': got number, want string";
    expect(parseSchemaProblems(stderr)).toEqual([
      { key: 'controlPlane.statefulSet.annotations.a/b~c', message: 'got number, want string' },
    ]);
  });

  it("understands older helm's gojsonschema wording", () => {
    const stderr = `Error: values don't meet the specifications of the schema(s) in the following chart(s):
vcluster:
- sync: Additional property ingresses is not allowed
- (root): Additional property foo is not allowed
- sync.toHost.pods.enabled: Invalid type. Expected: boolean, given: string
`;
    expect(parseSchemaProblems(stderr).map((p) => p.key)).toEqual(['sync.ingresses', 'foo', 'sync.toHost.pods.enabled']);
  });

  it('names a missing required property with its path', () => {
    expect(parseSchemaProblems("- at '/controlPlane': missing property 'distro'")[0]?.key).toBe('controlPlane.distro');
  });
});

describe('renderError', () => {
  it('is a 400 invalid_values naming the first key, with every problem in details', () => {
    const error = renderError(HELM_3_22);
    expect(error).toBeInstanceOf(VClusterError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_values');
    expect(error.details?.key).toBe('sync.toHost.ingresses.enabled');
    expect((error.details?.problems as unknown[]).length).toBe(4);
    expect(error.message).toContain("'sync.toHost.ingresses.enabled'");
    expect(error.message).toContain('3 more problems');
  });

  it('points a pre-0.20 key to its new home', () => {
    const error = renderError("Error: values don't meet the specifications of the schema(s)\n- at '/sync': additional properties 'ingresses' not allowed");
    expect(error.details?.key).toBe('sync.ingresses');
    expect(error.message).toContain('sync.toHost.ingresses.enabled');
  });

  it('is a 500 render_failed for anything that is not about the values', () => {
    const error = renderError('Error: path "/nowhere" not found', 1);
    expect(error.status).toBe(500);
    expect(error.code).toBe('render_failed');
    expect(error.message).toContain('/nowhere');
  });
});

describe('parseManifests', () => {
  it('skips empty documents and flattens Lists', () => {
    const text = `---
# Source: a
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: a
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: b }
`;
    expect(parseManifests(text).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['ServiceAccount/a', 'ConfigMap/b']);
  });

  it('refuses objects without a name', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n')).toThrow(VClusterError);
  });
});

const helm = findHelmBinary();
const haveHelm = helm !== 'helm' && existsSync(helm);

describe.skipIf(!haveHelm)('renderChart with the test chart and the sandbox helm', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'cubby-render-'));
  const settings: ChartSettings = {
    source: { kind: 'directory', path: resolve(__dirname, '../../sandbox/charts/vcluster') },
    helmBinary: helm,
    cacheDir,
  };
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('renders the default objects in helm install order, in the namespace, fast', async () => {
    const result = await renderChart({ release: 'my-vc', namespace: 'my-ns', values: {} }, settings);
    expect(result.objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ServiceAccount/vc-my-vc',
      'ServiceAccount/vc-workload-my-vc',
      'Secret/vc-config-my-vc',
      'Role/vc-my-vc',
      'RoleBinding/vc-my-vc',
      'Service/my-vc-headless',
      'Service/my-vc',
      'StatefulSet/my-vc',
    ]);
    expect(result.objects.every((o) => o.metadata?.namespace === 'my-ns')).toBe(true);
    const sts = result.objects.find((o) => o.kind === 'StatefulSet') as { spec?: Record<string, unknown> };
    // Only rendered with --kube-version >= 1.27.
    expect(sts.spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain' });
    expect(result.chart).toEqual({ name: 'vcluster', version: '0.36.1' });
    // Several renders, to report a steady figure rather than the first (cold) one.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await renderChart({ release: 'my-vc', namespace: 'my-ns', values: {} }, settings)).durationMs);
    times.sort((a, b) => a - b);
    console.log(`render time: median ${times[2]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)})`);
    expect(times[2]).toBeLessThan(2_000);
  });

  it('adds the ClusterRole and ClusterRoleBinding for node sync', async () => {
    const result = await renderChart(
      { release: 'n', namespace: 'ns1', values: { sync: { fromHost: { nodes: { enabled: true } } } } },
      settings,
    );
    const cluster = result.objects.filter((o) => o.kind?.startsWith('Cluster'));
    expect(cluster.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['ClusterRole/vc-n-v-ns1', 'ClusterRoleBinding/vc-n-v-ns1']);
  });

  it('turns the schema refusal of an old key into a 400 naming it', async () => {
    const error = await renderChart({ release: 'a', namespace: 'b', values: { sync: { ingresses: { enabled: true } } } }, settings).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VClusterError);
    expect((error as VClusterError).status).toBe(400);
    expect((error as VClusterError).details?.key).toBe('sync.ingresses');
  });
});
