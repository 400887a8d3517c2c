// Issue 14 item 3: the options of a vCluster Cubby did not make can be changed once it is
// assigned. Installed here by the sandbox's own helm (as `vcluster create` does) with ingress
// sync on and a value of the installer's own, then assigned: Cubby's change is a
// `helm upgrade --reuse-values` of that release, the installer's value stays, Cubby's labels join
// the chart objects, and what the tenant may change is what its templates allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { uniqueName } from '@/sandbox/testing';
import { assignToTenant } from './discovery';
import { changeFoundVClusterOptions, runningValues, unionOfAllowedOptions } from './found-options';
import { optionsVersion } from './host-metadata';
import {
  type HelmListEntry,
  TEST_CHART_DIR,
  rejection,
  removeTenantNamespaces,
  sandboxDeps,
  sandboxHelm,
  sandboxHelmJson,
  testTenant,
  waitForRunningControlPlane,
} from './lifecycle.testing';
import { syncOptionsFromValues } from './sync-options';

describe('changing the options of a vCluster helm installed, after assignment', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const namespace = uniqueName('found-opts');
  const ref = { tenant: tenant.name, name: 'made', namespace };
  const allowed = unionOfAllowedOptions([['ingressSync'], ['nodeSync.enabled', 'ingressSync']]);
  const release = async () => (await sandboxHelmJson<HelmListEntry[]>(['list', '--all', '--namespace', namespace]))[0]!;
  const version = async () => optionsVersion(await client.get<V1Namespace>(ResourceTypes.Namespace, namespace));

  beforeAll(async () => {
    const run = await sandboxHelm([
      'install', 'made', TEST_CHART_DIR, '--namespace', namespace, '--create-namespace',
      '--set', 'sync.toHost.ingresses.enabled=true', '--set', 'exportKubeConfig.context=installer-context',
    ]);
    if (run.exitCode !== 0) throw new Error(run.stderr);
    await waitForRunningControlPlane(client, namespace, 'made');
    await assignToTenant(client, { namespace, name: 'made', tenant, assignedBy: 'platform-admin' });
  });

  afterAll(async () => {
    await sandboxHelm(['uninstall', 'made', '--namespace', namespace]);
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it('the union of the templates\' allowed options', () => {
    expect([...allowed].sort()).toEqual(['ingressSync', 'nodeSync.enabled']);
  });

  it('refuses an option none of the tenant\'s templates allows with 400, changing nothing', async () => {
    const error = await rejection(
      changeFoundVClusterOptions(deps, { tenant, name: 'made', allowed: ['ingressSync'], options: { nodeSync: { enabled: true } }, expectedVersion: await version(), actor: 'service-account' }),
    );
    expect(error).toMatchObject({ status: 400 });
    expect(await release()).toMatchObject({ revision: '1', chart: 'vcluster-0.36.1' });
  });

  it('upgrades the release with --reuse-values: the option changes, the installer\'s value stays, Cubby\'s labels join', async () => {
    expect(await version()).toBe('0');
    const result = await changeFoundVClusterOptions(deps, {
      tenant,
      name: 'made',
      allowed,
      options: { ingressSync: false },
      expectedVersion: '0',
      actor: 'service-account',
    });
    expect(result).toMatchObject({ changed: true, version: '1', releaseRevision: 2 });
    expect(await release()).toMatchObject({ revision: '2', chart: 'vcluster-0.36.1', status: 'deployed' });

    // `helm get values` (user-supplied values): the installer's --set and Cubby's option, nothing else.
    const values = await sandboxHelmJson<Record<string, unknown>>(['get', 'values', 'made', '--namespace', namespace]);
    expect(values).toEqual({ sync: { toHost: { ingresses: { enabled: false } } }, exportKubeConfig: { context: 'installer-context' } });

    const running = syncOptionsFromValues(await runningValues(client, ref));
    expect(running.ingressSync).toBe(false);
    expect(running.nodeSync.enabled).toBe(false);
    const sts = await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'made', namespace);
    expect(sts.metadata?.labels).toMatchObject({ 'cubby.dev/tenant': tenant.name, 'cubby.dev/vcluster': 'made', 'app.kubernetes.io/managed-by': 'Helm' });
  });

  it('refuses a change made from an old version with 409', async () => {
    const error = await rejection(
      changeFoundVClusterOptions(deps, { tenant, name: 'made', allowed, options: { ingressSync: true }, expectedVersion: '0', actor: 'service-account' }),
    );
    expect(error).toMatchObject({ status: 409 });
    expect(await release()).toMatchObject({ revision: '2' });
  });

  it('is not a change when the options are already in effect', async () => {
    const result = await changeFoundVClusterOptions(deps, { tenant, name: 'made', allowed, options: { ingressSync: false }, expectedVersion: await version(), actor: 'service-account' });
    expect(result.changed).toBe(false);
    expect(await release()).toMatchObject({ revision: '2' });
  });

  it('turns node sync on with the kubelet proxy off, as for a vCluster Cubby made: no nodes/proxy on the host', async () => {
    const result = await changeFoundVClusterOptions(deps, { tenant, name: 'made', allowed, options: { nodeSync: { enabled: true } }, expectedVersion: await version(), actor: 'service-account' });
    expect(result).toMatchObject({ changed: true, releaseRevision: 3 });
    const values = await sandboxHelmJson<Record<string, unknown>>(['get', 'values', 'made', '--namespace', namespace]);
    expect(values).toMatchObject({ sync: { fromHost: { nodes: { enabled: true } } }, networking: { advanced: { proxyKubelets: { byHostname: false, byIP: false } } } });
    const role = await client.get<{ rules?: { resources?: string[] }[] }>(ResourceTypes.ClusterRole, `vc-made-v-${namespace}`);
    const resources = (role.rules ?? []).flatMap((r) => r.resources ?? []);
    expect(resources).toContain('nodes');
    expect(resources).not.toContain('nodes/proxy');
  });
});
