import { afterAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1Namespace, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { parse as parseYaml } from 'yaml';
import { createVCluster } from './provision';
import { deleteVCluster } from './delete';
import { storedState } from './host-metadata';
import {
  type HelmListEntry,
  hostSnapshot,
  interruptedAfter,
  sandboxHelmJson,
  rejection,
  removeTenantNamespaces,
  sandboxDeps,
  testTemplate,
  testTenant,
  waitForRunningControlPlane,
} from './lifecycle.testing';

describe('createVCluster against the sandbox', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const template = testTemplate();
  // The same tenant with room in its quota, so a case meets the check it is about.
  const roomy = { ...tenant, spec: { ...tenant.spec, quota: { ...tenant.spec.quota, maxVClusters: 10 } } };

  afterAll(async () => {
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it('creates a vCluster with the defaults: labelled namespace, quota, tenant RBAC, chart objects, running control plane', async () => {
    const result = await createVCluster(deps, { tenant, template, name: 'dev', requestedBy: 'alice', actor: 'service-account' });
    expect(result.resumed).toBe(false);
    const namespace = `vc-${tenant.name}--dev`;
    expect(result.ref).toEqual({ tenant: tenant.name, name: 'dev', namespace });
    expect(result.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'ResourceQuota/cubby-quota',
      'LimitRange/cubby-defaults',
      'Role/cubby-tenant',
      'RoleBinding/cubby-tenant',
      'ServiceAccount/vc-dev',
      'ServiceAccount/vc-workload-dev',
      'Secret/vc-config-dev',
      'Role/vc-dev',
      'RoleBinding/vc-dev',
      'Service/dev-headless',
      'Service/dev',
      'StatefulSet/dev',
    ]);

    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata?.labels).toMatchObject({ 'cubby.dev/tenant': tenant.name, 'cubby.dev/vcluster': 'dev', 'app.kubernetes.io/managed-by': 'cubby' });
    const state = storedState(ns);
    expect(state).toMatchObject({ template: 'standard', createdBy: 'alice', optionsGeneration: '1', appliedGeneration: '1', requestedOptions: {} });
    expect(state.objects).toHaveLength(12);

    for (const [index, ref] of result.objects.entries()) {
      const type = await client.resourceTypeOf(ref.apiVersion, ref.kind);
      const object = await client.get<KubernetesObject>(type, ref.name, ref.namespace);
      const what = `${ref.kind}/${ref.name}`;
      expect(object.metadata?.labels?.['cubby.dev/tenant'], what).toBe(tenant.name);
      expect(object.metadata?.labels?.['cubby.dev/vcluster'], what).toBe('dev');
      if (index < 4) {
        // Cubby's own objects: server-side applied by Cubby, not part of the release.
        expect(object.metadata?.managedFields?.some((f) => f.manager === 'cubby' && f.operation === 'Apply'), what).toBe(true);
        expect(object.metadata?.annotations?.['meta.helm.sh/release-name'], what).toBeUndefined();
      } else {
        // The chart's: the release's, with helm's ownership marks.
        expect(object.metadata?.labels?.['app.kubernetes.io/managed-by'], what).toBe('Helm');
        expect(object.metadata?.annotations, what).toMatchObject({ 'meta.helm.sh/release-name': 'dev', 'meta.helm.sh/release-namespace': namespace });
      }
    }
    expect(result.releaseRevision).toBe(1);
    const releases = await sandboxHelmJson<HelmListEntry[]>(['list', '--namespace', namespace]);
    expect(releases).toEqual([expect.objectContaining({ name: 'dev', namespace, revision: '1', status: 'deployed', chart: `${result.chart.name}-${result.chart.version}` })]);
    const sts = await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'dev', namespace);
    expect(sts.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted).toBe('Retain');
    expect(sts.spec?.template.metadata?.annotations?.vClusterConfigHash).toMatch(/^[0-9a-f]{64}$/);
    await waitForRunningControlPlane(client, namespace, 'dev');
  });

  it('creates a vCluster with ingress sync the template allows', async () => {
    const result = await createVCluster(deps, { tenant, template, name: 'web', options: { ingressSync: true }, requestedBy: 'alice', actor: 'service-account' });
    const secret = await client.get<V1Secret>(ResourceTypes.Secret, 'vc-config-web', result.ref.namespace);
    const config = parseYaml(Buffer.from(secret.data!['config.yaml']!, 'base64').toString('utf8')) as { sync: { toHost: { ingresses: { enabled: boolean } } } };
    expect(config.sync.toHost.ingresses.enabled).toBe(true);
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, result.ref.namespace);
    expect(storedState(ns).requestedOptions).toEqual({ ingressSync: true });
    expect(storedState(ns).values).toEqual({ sync: { toHost: { ingresses: { enabled: true } } } });
    // helm's record of the release holds exactly the values Cubby recorded.
    expect(await sandboxHelmJson(['get', 'values', 'web', '--namespace', result.ref.namespace])).toEqual(storedState(ns).values);
  });

  it('answers 409 for a name that is taken, and changes nothing', async () => {
    const before = await hostSnapshot(client, tenant.name);
    const error = await rejection(createVCluster(deps, { tenant, template, name: 'dev', requestedBy: 'bob', actor: 'service-account' }));
    expect(error).toMatchObject({ status: 409, code: 'already_exists' });
    expect(await hostSnapshot(client, tenant.name)).toEqual(before);
  });

  it('converges when created again after an interruption half-way', async () => {
    // Cut off after the quota and limit range, before the tenant RBAC and helm.
    const cutOff = { ...deps, client: interruptedAfter(client, 2) };
    const first = await rejection(createVCluster(cutOff, { tenant, template, name: 'cut', requestedBy: 'alice', actor: 'service-account' }));
    expect(first.message).toContain('simulated interruption');
    const namespace = `vc-${tenant.name}--cut`;
    const half = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(storedState(half).appliedGeneration).toBeUndefined();
    expect(await client.find(ResourceTypes.StatefulSet, 'cut', namespace)).toBeUndefined();
    expect(await sandboxHelmJson(['list', '--all', '--namespace', namespace])).toEqual([]);

    const second = await createVCluster(deps, { tenant, template, name: 'cut', options: { ingressSync: true }, requestedBy: 'alice', actor: 'service-account' });
    expect(second.resumed).toBe(true);
    for (const ref of second.objects) {
      const type = await client.resourceTypeOf(ref.apiVersion, ref.kind);
      expect(await client.find(type, ref.name, ref.namespace), `${ref.kind}/${ref.name}`).toBeDefined();
    }
    const done = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(storedState(done)).toMatchObject({ appliedGeneration: '1', createdBy: 'alice', requestedOptions: { ingressSync: true } });
    await waitForRunningControlPlane(client, namespace, 'cut');
    // Finished now: a third create is a taken name.
    expect(await rejection(createVCluster(deps, { tenant, template, name: 'cut', requestedBy: 'alice', actor: 'service-account' }))).toMatchObject({ status: 409 });
  });

  describe('bad input gets a 4xx and leaves the host unchanged', () => {
    const cases: Array<{ what: string; run: () => Promise<unknown>; status: number; code: string; key?: string }> = [
      { what: 'a name that is not DNS-1123', run: () => createVCluster(deps, { tenant: roomy, template, name: 'My_VC', requestedBy: 'a', actor: 'service-account' }), status: 400, code: 'invalid_name' },
      { what: 'a name starting with a digit', run: () => createVCluster(deps, { tenant: roomy, template, name: '1abc', requestedBy: 'a', actor: 'service-account' }), status: 400, code: 'invalid_name' },
      { what: 'a name that is too long', run: () => createVCluster(deps, { tenant: roomy, template, name: 'a'.repeat(41), requestedBy: 'a', actor: 'service-account' }), status: 400, code: 'invalid_name' },
      {
        what: 'an unknown option',
        run: () => createVCluster(deps, { tenant: roomy, template, name: 'x1', options: { sync: { ingresses: { enabled: true } } }, requestedBy: 'a', actor: 'service-account' }),
        status: 400,
        code: 'invalid_options',
      },
      {
        what: 'an option the template does not allow',
        run: () => createVCluster(deps, { tenant: roomy, template, name: 'x2', options: { ingressClassSync: true }, requestedBy: 'a', actor: 'service-account' }),
        status: 400,
        code: 'option_not_allowed',
      },
      {
        what: 'template values with a key the chart schema rejects',
        run: () =>
          createVCluster(deps, {
            tenant: { ...roomy, spec: { ...roomy.spec, templates: ['legacy'] } },
            template: testTemplate('legacy', [], { sync: { ingresses: { enabled: true } } }),
            name: 'x3',
            requestedBy: 'a',
            actor: 'service-account',
          }),
        status: 400,
        code: 'invalid_values',
        key: 'sync.ingresses',
      },
      {
        what: 'a template the tenant may not use',
        run: () => createVCluster(deps, { tenant: roomy, template: testTemplate('premium'), name: 'x4', requestedBy: 'a', actor: 'service-account' }),
        status: 403,
        code: 'forbidden',
      },
      {
        what: 'a quota that is exhausted',
        run: () => createVCluster(deps, { tenant: { ...tenant, spec: { ...tenant.spec, quota: { ...tenant.spec.quota, maxVClusters: 3 } } }, template, name: 'x5', requestedBy: 'a', actor: 'service-account' }),
        status: 403,
        code: 'quota_exceeded',
      },
    ];
    for (const c of cases) {
      it(c.what, async () => {
        const before = await hostSnapshot(client, tenant.name);
        const error = await rejection(c.run());
        expect(error).toMatchObject({ status: c.status, code: c.code });
        if (c.key) expect(error.details?.key).toBe(c.key);
        expect(await hostSnapshot(client, tenant.name)).toEqual(before);
      });
    }
  });

  it('never lets two creations racing for the last quota slot both win', async () => {
    // Several rounds: the interleavings differ from run to run.
    for (let round = 0; round < 4; round++) {
      const racer = testTenant({ maxVClusters: 1 });
      try {
        const results = await Promise.allSettled([
          createVCluster(deps, { tenant: racer, template, name: 'left', requestedBy: 'a', actor: 'service-account' }),
          createVCluster(deps, { tenant: racer, template, name: 'right', requestedBy: 'b', actor: 'service-account' }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won.length).toBeLessThanOrEqual(1);
        for (const loss of lost) expect(loss.reason).toMatchObject({ status: 403, code: 'quota_exceeded' });
        const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: `cubby.dev/tenant=${racer.name}` });
        expect(list.items.filter((ns) => !ns.metadata?.deletionTimestamp)).toHaveLength(won.length);
      } finally {
        await removeTenantNamespaces(client, racer.name);
      }
    }
  });

  it('cleans up a failed creation completely', async () => {
    const nodeTemplate = testTemplate('standard', ['nodeSync.enabled']);
    // Cut off after helm installed the release, before the namespace records it as done.
    const cutOff = { ...deps, client: interruptedAfter(client, 0, 'patch') };
    await rejection(createVCluster(cutOff, { tenant: roomy, template: nodeTemplate, name: 'broken', options: { nodeSync: { enabled: true } }, requestedBy: 'a', actor: 'service-account' }));
    const namespace = `vc-${tenant.name}--broken`;
    // Cut off after the ClusterRole: there is something outside the namespace to clean up.
    expect(await client.find(ResourceTypes.ClusterRole, `vc-broken-v-${namespace}`)).toBeDefined();
    const result = await deleteVCluster(deps, { tenant: tenant.name, name: 'broken', actor: 'service-account' });
    expect(result.uninstalled).toBe(true);
    expect(result.remaining).toEqual([]);
    expect(await client.find(ResourceTypes.Namespace, namespace)).toBeUndefined();
    expect(await client.find(ResourceTypes.ClusterRole, `vc-broken-v-${namespace}`)).toBeUndefined();
    expect(await client.find(ResourceTypes.ClusterRoleBinding, `vc-broken-v-${namespace}`)).toBeUndefined();
  });
});
