import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { changeVClusterOptions } from './change-options';
import { optionsVersion, storedState } from './host-metadata';
import { createVCluster } from './provision';
import {
  groupMemberOf,
  memberOf,
  rejection,
  removeTenantNamespaces,
  sandboxDeps,
  testTemplate,
  testTenant,
  waitFor,
  waitForRunningControlPlane,
} from './lifecycle.testing';

describe('changeVClusterOptions against the sandbox', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const other = testTenant();
  const template = testTemplate('standard', ['ingressSync', 'nodeSync.enabled']);
  const namespace = `vc-${tenant.name}--app`;

  const statefulSet = () => client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'app', namespace);
  const ns = () => client.get<V1Namespace>(ResourceTypes.Namespace, namespace);

  beforeAll(async () => {
    await createVCluster(deps, { tenant, template, name: 'app', requestedBy: 'alice', actor: 'service-account' });
    await createVCluster(deps, { tenant: other, template, name: 'app', requestedBy: 'mallory', actor: 'service-account' });
    await waitForRunningControlPlane(client, namespace, 'app');
  });

  afterAll(async () => {
    await removeTenantNamespaces(client, tenant.name);
    await removeTenantNamespaces(client, other.name);
    client.close();
  });

  it('re-renders, applies and rolls the control plane; the version moves on', async () => {
    const before = await statefulSet();
    const hashBefore = before.spec?.template.metadata?.annotations?.vClusterConfigHash;
    const result = await changeVClusterOptions(deps, {
      tenant,
      name: 'app',
      template,
      options: { ingressSync: true },
      expectedVersion: '1',
      actor: memberOf(tenant),
    });
    expect(result).toMatchObject({ changed: true, version: '2', requested: { ingressSync: true } });
    expect(result.effective.ingressSync).toBe(true);
    const after = await statefulSet();
    expect(after.spec?.template.metadata?.annotations?.vClusterConfigHash).not.toBe(hashBefore);
    const state = storedState(await ns());
    expect(state).toMatchObject({ optionsGeneration: '2', appliedGeneration: '2', values: { sync: { toHost: { ingresses: { enabled: true } } } } });
    // The StatefulSet controller replaces the pod: a new revision runs.
    await waitFor('the new revision to run', async () => {
      const sts = await statefulSet();
      return sts.status?.updateRevision && sts.status.currentRevision === sts.status.updateRevision && sts.status.readyReplicas === 1;
    });
  });

  it('sending the current state again changes nothing', async () => {
    const result = await changeVClusterOptions(deps, {
      tenant,
      name: 'app',
      template,
      options: { ingressSync: true },
      expectedVersion: '2',
      actor: groupMemberOf(tenant),
    });
    expect(result).toMatchObject({ changed: false, version: '2' });
  });

  it('two concurrent changes from the same version: one applies, the other gets 409; neither is lost silently', async () => {
    const version = optionsVersion(await ns());
    const results = await Promise.allSettled([
      changeVClusterOptions(deps, { tenant, name: 'app', template, options: { ingressSync: false }, expectedVersion: version, actor: memberOf(tenant) }),
      changeVClusterOptions(deps, { tenant, name: 'app', template, options: { nodeSync: { enabled: true } }, expectedVersion: version, actor: groupMemberOf(tenant) }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ status: 409, code: 'conflict' });
    const state = storedState(await ns());
    expect(state.optionsGeneration).toBe(String(Number(version) + 1));
    expect(state.appliedGeneration).toBe(state.optionsGeneration);
    // The stored values are exactly the winner's change on top of the old ones.
    const winnerIsIngress = results[0]!.status === 'fulfilled';
    const values = state.values as { sync: { toHost?: { ingresses?: { enabled?: boolean } }; fromHost?: { nodes?: { enabled?: boolean } } } };
    expect(values.sync.toHost?.ingresses?.enabled).toBe(!winnerIsIngress);
    expect(values.sync.fromHost?.nodes?.enabled === true).toBe(!winnerIsIngress);
  });

  it('a stale version is a 409 and changes nothing', async () => {
    const before = await ns();
    const error = await rejection(
      changeVClusterOptions(deps, { tenant, name: 'app', template, options: { ingressSync: true }, expectedVersion: '1', actor: memberOf(tenant) }),
    );
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect((await ns()).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('an option outside the allow-list is a 400 and changes nothing', async () => {
    const before = await ns();
    const error = await rejection(
      changeVClusterOptions(deps, {
        tenant,
        name: 'app',
        template,
        options: { ingressClassSync: true },
        expectedVersion: optionsVersion(before),
        actor: memberOf(tenant),
      }),
    );
    expect(error).toMatchObject({ status: 400, code: 'option_not_allowed' });
    expect((await ns()).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it("a member of another tenant is refused by the API server, as if the vCluster did not exist", async () => {
    const before = await ns();
    const sts = await statefulSet();
    // The outsider names the right tenant and vCluster; only impersonation stops them.
    const error = await rejection(
      changeVClusterOptions(deps, { tenant, name: 'app', template, options: { ingressSync: true }, expectedVersion: optionsVersion(before), actor: memberOf(other) }),
    );
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect((await ns()).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    // Its controller keeps updating the status; what the refused change would have touched is the spec.
    const after = await statefulSet();
    expect(after.metadata?.generation).toBe(sts.metadata?.generation);
    expect(after.spec).toEqual(sts.spec);
    // And for a vCluster that does not exist at all the answer reads the same.
    const missing = await rejection(
      changeVClusterOptions(deps, { tenant, name: 'nope', template, options: {}, expectedVersion: '1', actor: memberOf(other) }),
    );
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    expect(missing.message.replace('nope', 'app')).toBe(error.message);
  });

  it('node sync on adds the ClusterRole; off again removes it (pruned)', async () => {
    const clusterRole = `vc-app-v-${namespace}`;
    let version = optionsVersion(await ns());
    const on = await changeVClusterOptions(deps, { tenant, name: 'app', template, options: { nodeSync: { enabled: true } }, expectedVersion: version, actor: memberOf(tenant) });
    expect(await client.find(ResourceTypes.ClusterRole, clusterRole)).toBeDefined();
    expect(await client.find(ResourceTypes.ClusterRoleBinding, clusterRole)).toBeDefined();
    version = on.version;
    const off = await changeVClusterOptions(deps, { tenant, name: 'app', template, options: { nodeSync: { enabled: false } }, expectedVersion: version, actor: memberOf(tenant) });
    expect(off.pruned.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([`ClusterRole/${clusterRole}`, `ClusterRoleBinding/${clusterRole}`]);
    expect(await client.find(ResourceTypes.ClusterRole, clusterRole)).toBeUndefined();
    expect(await client.find(ResourceTypes.ClusterRoleBinding, clusterRole)).toBeUndefined();
    expect(storedState(await ns()).objects.some((r) => r.kind === 'ClusterRole')).toBe(false);
  });

  it('a template other than the one it was made from is a 400', async () => {
    const error = await rejection(
      changeVClusterOptions(deps, { tenant, name: 'app', template: testTemplate('other'), options: {}, expectedVersion: optionsVersion(await ns()), actor: memberOf(tenant) }),
    );
    expect(error).toMatchObject({ status: 400, code: 'invalid_input' });
  });
});
