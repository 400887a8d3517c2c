// Issue 14 item 2: an admin moves a template to another chart version, then its vClusters one at
// a time, against the sandbox with its real helm. The other versions are the test chart copied
// at test time with another `version:` (nothing of the real chart is committed): 0.36.2, and
// 0.36.3, whose render fails for one release name (a version that breaks one vCluster).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { carryOutChartUpgrade, chartUpgradeOf, rollbackChartUpgrade, startChartUpgrade, type ChartUpgradeRecord } from './chart-upgrade';
import { changeVClusterOptions } from './change-options';
import { storedState, optionsVersion } from './host-metadata';
import { createVCluster } from './provision';
import type { LifecycleDeps } from './lifecycle-deps';
import {
  type HelmListEntry,
  TEST_CHART_DIR,
  rejection,
  removeTenantNamespaces,
  sandboxDeps,
  sandboxHelmJson,
  testChartSettings,
  testTemplate,
  testTenant,
} from './lifecycle.testing';

/** Copies the test chart as `version`; `failFor` makes its render fail for that release name. */
export function chartVersionCopy(versionsDir: string, version: string, failFor?: string): void {
  const dir = join(versionsDir, `vcluster-${version}`);
  cpSync(TEST_CHART_DIR, dir, { recursive: true });
  const chartFile = join(dir, 'Chart.yaml');
  writeFileSync(chartFile, readFileSync(chartFile, 'utf8').replace(/^version: .*$/m, `version: ${version}`));
  if (failFor) {
    writeFileSync(join(dir, 'templates', 'zz-broken.yaml'), `{{- if eq .Release.Name ${JSON.stringify(failFor)} }}{{ fail "chart ${version} is broken on purpose for this vCluster" }}{{- end }}\n`);
  }
}

describe('chart upgrades of a template\'s vClusters, against the sandbox', () => {
  const versionsDir = mkdtempSync(join(tmpdir(), 'cubby-chart-versions-'));
  const base = sandboxDeps();
  const deps: LifecycleDeps = { ...base, chart: { ...testChartSettings(), versionsDir } };
  const { client } = deps;
  const tenant = testTenant({ maxVClusters: 5 });
  const names = ['up1', 'up2', 'up3'];
  const ns = (name: string) => `vc-${tenant.name}--${name}`;
  const template = testTemplate('standard', ['ingressSync', 'nodeSync.enabled']);
  const release = async (name: string) => (await sandboxHelmJson<HelmListEntry[]>(['list', '--all', '--namespace', ns(name)]))[0]!;
  const record = async (name: string): Promise<ChartUpgradeRecord | undefined> => chartUpgradeOf(await client.get<V1Namespace>(ResourceTypes.Namespace, ns(name)));
  const at = (version: string) => ({ ...template, spec: { ...template.spec, chartVersion: version } });

  beforeAll(async () => {
    chartVersionCopy(versionsDir, '0.36.2');
    chartVersionCopy(versionsDir, '0.36.3', 'up2');
    for (const name of names) {
      await createVCluster(deps, { tenant, template, name, options: {}, requestedBy: 'alice', actor: 'service-account' });
    }
  });

  afterAll(async () => {
    await removeTenantNamespaces(client, tenant.name);
    rmSync(versionsDir, { recursive: true, force: true });
    client.close();
  });

  it('records the chart version each vCluster was made with', async () => {
    for (const name of names) {
      expect(await release(name)).toMatchObject({ chart: 'vcluster-0.36.1', revision: '1', status: 'deployed' });
      expect(storedState(await client.get<V1Namespace>(ResourceTypes.Namespace, ns(name))).chartVersion).toBe('0.36.1');
    }
  });

  it('refuses a version no source has with 400, writing nothing', async () => {
    const error = await rejection(startChartUpgrade(deps, { template: at('9.9.9'), by: 'admin', tenants: [tenant] }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(error.message).toMatch(/9\.9\.9/);
    for (const name of names) expect(await record(name)).toBeUndefined();
  });

  it('stops at the first failure with its reason and leaves the rest where they were', async () => {
    const run = await startChartUpgrade(deps, { template: at('0.36.3'), by: 'admin', tenants: [tenant] });
    expect(run.items.map((i) => i.name)).toEqual(names);
    expect((await record('up3'))?.state).toBe('queued');
    // A second start while this run holds its vClusters is refused.
    expect(await rejection(startChartUpgrade(deps, { template: at('0.36.3'), by: 'other-admin', tenants: [tenant] }))).toMatchObject({ status: 409 });

    const result = await carryOutChartUpgrade(deps, run, [tenant]);
    expect(result).toMatchObject({ done: 1, stopped: 1, failed: { name: 'up2' } });
    expect(result.failed?.reason).toMatch(/broken on purpose/);

    expect(await record('up1')).toMatchObject({ state: 'done', from: '0.36.1', to: '0.36.3', fromRevision: 1, revision: 2 });
    expect(await release('up1')).toMatchObject({ chart: 'vcluster-0.36.3', revision: '2', status: 'deployed' });
    expect(await record('up2')).toMatchObject({ state: 'failed', fromRevision: 1 });
    expect((await record('up2'))?.reason).toMatch(/broken on purpose/);
    expect(await record('up3')).toMatchObject({ state: 'stopped' });
    for (const name of ['up2', 'up3']) {
      expect(await release(name)).toMatchObject({ chart: 'vcluster-0.36.1', revision: '1', status: 'deployed' });
      expect(storedState(await client.get<V1Namespace>(ResourceTypes.Namespace, ns(name))).chartVersion).toBe('0.36.1');
    }
  });

  it('rolls an upgraded vCluster back to its previous revision with helm rollback', async () => {
    const result = await rollbackChartUpgrade(deps, { tenant, name: 'up1', template: template.name });
    expect(result).toMatchObject({ releaseRevision: 3, chartVersion: '0.36.1' });
    expect(await release('up1')).toMatchObject({ chart: 'vcluster-0.36.1', revision: '3', status: 'deployed' });
    expect(await record('up1')).toMatchObject({ state: 'rolled-back', revision: 3 });
    expect(storedState(await client.get<V1Namespace>(ResourceTypes.Namespace, ns('up1'))).chartVersion).toBe('0.36.1');
    // Nothing left to roll back now.
    expect(await rejection(rollbackChartUpgrade(deps, { tenant, name: 'up1', template: template.name }))).toMatchObject({ status: 409 });
  });

  it('upgrades every vCluster one by one to the new version, each a new revision', async () => {
    const run = await startChartUpgrade(deps, { template: at('0.36.2'), by: 'admin', tenants: [tenant] });
    const order: string[] = [];
    const result = await carryOutChartUpgrade(deps, run, [tenant], {
      each: async (item, upgrade) => {
        // One at a time: when this one starts, the ones before are done and the ones after queued.
        for (const before of order) expect((await record(before))?.state).toBe('done');
        expect((await record(item.name))?.state).toBe('upgrading');
        order.push(item.name);
        return upgrade();
      },
    });
    expect(result).toEqual({ done: 3, stopped: 0 });
    expect(order).toEqual(names);
    expect(await release('up1')).toMatchObject({ chart: 'vcluster-0.36.2', revision: '4', status: 'deployed' });
    for (const name of ['up2', 'up3']) expect(await release(name)).toMatchObject({ chart: 'vcluster-0.36.2', revision: '2', status: 'deployed' });
    for (const name of names) expect(await record(name)).toMatchObject({ state: 'done', to: '0.36.2' });
  });

  it('keeps the upgraded version through a later option change', async () => {
    const namespace = await client.get<V1Namespace>(ResourceTypes.Namespace, ns('up3'));
    await changeVClusterOptions(deps, { tenant, name: 'up3', template, options: { ingressSync: true }, expectedVersion: optionsVersion(namespace), actor: 'service-account' });
    expect(await release('up3')).toMatchObject({ chart: 'vcluster-0.36.2', revision: '3' });
    // ...after which a rollback would undo that change too, so it is refused.
    expect(await rejection(rollbackChartUpgrade(deps, { tenant, name: 'up3', template: template.name }))).toMatchObject({ status: 409 });
  });

  it('starts nothing when every vCluster is on the version already', async () => {
    const run = await startChartUpgrade(deps, { template: at('0.36.2'), by: 'admin', tenants: [tenant] });
    expect(run.items).toEqual([]);
  });
});
