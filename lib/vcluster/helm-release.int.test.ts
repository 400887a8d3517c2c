// Cubby's vClusters as Helm releases, checked with the sandbox's own helm as a person would run
// it: `helm list`, `helm get values`, `helm history`, `helm upgrade --reuse-values` and
// `helm uninstall` by hand, a helm killed half-way, and a vCluster made before releases.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1Namespace, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import { runningSandbox } from '@/sandbox/testing';
import { parse as parseYaml } from 'yaml';
import { applyInOrder, patchNamespaceAnnotations } from './apply-objects';
import { changeVClusterOptions } from './change-options';
import { deleteVCluster, vClusterLeftovers } from './delete';
import { ANNOTATION_APPLIED_GENERATION, optionsVersion, storedState } from './host-metadata';
import { createVCluster, planVCluster } from './provision';
import { chartClusterRoleName } from './cluster-scoped-names';
import { syncOptionsFromValues } from './sync-options';
import { pauseVCluster, resumeVCluster } from './pause-resume';
import {
  type HelmListEntry,
  TEST_CHART_DIR,
  interruptedAfter,
  memberOf,
  removeTenantNamespaces,
  sandboxAdmin,
  sandboxDeps,
  sandboxHelm,
  sandboxHelmJson,
  testTemplate,
  testTenant,
  waitFor,
  waitForRunningControlPlane,
} from './lifecycle.testing';

interface HistoryEntry {
  revision: number;
  status: string;
  description: string;
  chart: string;
}

describe('vClusters as Helm releases, against the sandbox', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  // A pending revision counts as abandoned at once: the tests leave them on purpose.
  const impatient = { ...deps, helmPendingStaleMs: 0 };
  const tenant = testTenant({ maxVClusters: 10 });
  const template = testTemplate('standard', ['ingressSync', 'nodeSync.enabled']);
  const ns = (name: string) => `vc-${tenant.name}--${name}`;
  const history = (name: string) => sandboxHelmJson<HistoryEntry[]>(['history', name, '--namespace', ns(name)]);
  const list = (name: string) => sandboxHelmJson<HelmListEntry[]>(['list', '--all', '--namespace', ns(name)]);
  const namespaceOf = (name: string) => client.get<V1Namespace>(ResourceTypes.Namespace, ns(name));
  const configOf = async (name: string) => {
    const secret = await client.get<V1Secret>(ResourceTypes.Secret, `vc-config-${name}`, ns(name));
    return parseYaml(Buffer.from(secret.data!['config.yaml']!, 'base64').toString('utf8')) as { sync: { toHost: { ingresses: { enabled: boolean } } } };
  };

  /** Runs helm by hand and kills it (SIGKILL) once its release record says `status`: a crash mid-operation. */
  async function killHelmAt(args: string[], name: string, status: string): Promise<void> {
    const child = spawn(findHelmBinary(), args, { env: { ...process.env, KUBECONFIG: runningSandbox().kubeconfig }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor(
        `helm's release record of ${name} in ${status}`,
        async () => {
          const secrets = await client.list<V1Secret>(ResourceTypes.Secret, { namespace: ns(name), labelSelector: `owner=helm,name=${name},status=${status}` });
          return secrets.items.length > 0;
        },
        60_000,
        20,
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  }

  beforeAll(async () => {
    await createVCluster(deps, { tenant, template, name: 'rel', options: { ingressSync: true }, requestedBy: 'alice', actor: 'service-account' });
  });

  afterAll(async () => {
    await removeTenantNamespaces(client, tenant.name);
    // Gone before the next file starts: other files compare snapshots of every namespace.
    await waitFor('the test namespaces to be gone', async () => {
      const left = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: `cubby.dev/tenant=${tenant.name}` });
      return left.items.length === 0;
    }, 150_000, 500);
    client.close();
  });

  it('a created vCluster is a deployed release of the chart, with the values Cubby recorded', async () => {
    const [release] = await list('rel');
    expect(release).toMatchObject({ name: 'rel', namespace: ns('rel'), revision: '1', status: 'deployed', chart: 'vcluster-0.36.1' });
    const values = storedState(await namespaceOf('rel')).values;
    expect(values).toEqual({ sync: { toHost: { ingresses: { enabled: true } } } });
    expect(await sandboxHelmJson(['get', 'values', 'rel', '--namespace', ns('rel')])).toEqual(values);
    // Cubby's labels are part of the release's manifest (the post-renderer put them there).
    const manifest = await sandboxHelm(['get', 'manifest', 'rel', '--namespace', ns('rel')]);
    expect(manifest.stdout).toContain(`cubby.dev/tenant: ${tenant.name}`);
    expect(manifest.stdout).not.toContain('ResourceQuota');
  });

  it('an option change is a release upgrade: revision 2 with the new values', async () => {
    const result = await changeVClusterOptions(deps, { tenant, name: 'rel', template, options: { ingressSync: false }, expectedVersion: '1', actor: memberOf(tenant) });
    expect(result).toMatchObject({ changed: true, version: '2', releaseRevision: 2 });
    const revisions = await history('rel');
    expect(revisions.map((r) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
    expect(await sandboxHelmJson(['get', 'values', 'rel', '--namespace', ns('rel')])).toEqual(storedState(await namespaceOf('rel')).values);
    expect((await configOf('rel')).sync.toHost.ingresses.enabled).toBe(false);
  });

  it('`helm upgrade --reuse-values` by hand works, and Cubby still reads and changes the vCluster', async () => {
    const run = await sandboxHelm(['upgrade', 'rel', TEST_CHART_DIR, '--namespace', ns('rel'), '--reuse-values']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect((await history('rel')).at(-1)).toMatchObject({ revision: 3, status: 'deployed' });
    // What Cubby shows is unchanged: its record, and the effective config the chart wrote.
    const state = storedState(await namespaceOf('rel'));
    expect(state).toMatchObject({ optionsGeneration: '2', appliedGeneration: '2' });
    expect(syncOptionsFromValues(state.values).ingressSync).toBe(false);
    expect((await configOf('rel')).sync.toHost.ingresses.enabled).toBe(false);
    // Cubby's next change is the next revision, with Cubby's labels back on every object.
    const result = await changeVClusterOptions(deps, { tenant, name: 'rel', template, options: { ingressSync: true }, expectedVersion: optionsVersion(await namespaceOf('rel')), actor: memberOf(tenant) });
    expect(result.releaseRevision).toBe(4);
    const sts = await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'rel', ns('rel'));
    expect(sts.metadata?.labels?.['cubby.dev/tenant']).toBe(tenant.name);
    expect((await configOf('rel')).sync.toHost.ingresses.enabled).toBe(true);
  });

  it('a paused vCluster stays paused through a release upgrade', async () => {
    await waitForRunningControlPlane(client, ns('rel'), 'rel');
    await pauseVCluster(deps, { tenant: tenant.name, name: 'rel', actor: 'service-account' });
    const result = await changeVClusterOptions(deps, { tenant, name: 'rel', template, options: { ingressSync: false }, expectedVersion: optionsVersion(await namespaceOf('rel')), actor: memberOf(tenant) });
    expect(result.releaseRevision).toBe(5);
    expect((await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'rel', ns('rel'))).spec?.replicas).toBe(0);
    await resumeVCluster(deps, { tenant: tenant.name, name: 'rel', actor: 'service-account' });
    expect((await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'rel', ns('rel'))).spec?.replicas).toBe(1);
  });

  it('an upgrade left pending-upgrade by a killed helm is rolled back through helm, then upgraded', async () => {
    await killHelmAt(
      ['upgrade', 'rel', TEST_CHART_DIR, '--namespace', ns('rel'), '--reuse-values', '--set', 'sync.toHost.ingresses.enabled=true', '--wait', '--timeout', '2m'],
      'rel',
      'pending-upgrade',
    );
    expect((await history('rel')).at(-1)).toMatchObject({ revision: 6, status: 'pending-upgrade' });
    const result = await changeVClusterOptions(impatient, { tenant, name: 'rel', template, options: { nodeSync: { enabled: true } }, expectedVersion: optionsVersion(await namespaceOf('rel')), actor: memberOf(tenant) });
    const revisions = await history('rel');
    expect(revisions.at(-2)).toMatchObject({ revision: 7, description: 'Rollback to 5' });
    expect(revisions.at(-1)).toMatchObject({ revision: 8, status: 'deployed' });
    expect(result.releaseRevision).toBe(8);
    expect(revisions.filter((r) => r.status === 'deployed')).toHaveLength(1);
    expect(await sandboxHelmJson(['get', 'values', 'rel', '--namespace', ns('rel')])).toEqual(storedState(await namespaceOf('rel')).values);
    expect(await client.find(ResourceTypes.ClusterRole, `vc-rel-v-${ns('rel')}`)).toBeDefined();
  });

  it('`helm uninstall` by hand removes the release; Cubby then deletes the rest and nothing is left', async () => {
    const run = await sandboxHelm(['uninstall', 'rel', '--namespace', ns('rel')]);
    expect(run.exitCode).toBe(0);
    expect(await client.find(ResourceTypes.StatefulSet, 'rel', ns('rel'))).toBeUndefined();
    expect(await client.find(ResourceTypes.ClusterRole, `vc-rel-v-${ns('rel')}`)).toBeUndefined();
    // Cubby's own objects are not the release's.
    expect(await client.find(ResourceTypes.ResourceQuota, 'cubby-quota', ns('rel'))).toBeDefined();
    const result = await deleteVCluster(deps, { tenant: tenant.name, name: 'rel', actor: memberOf(tenant) });
    expect(result.uninstalled).toBe(false);
    expect(result.remaining).toEqual([]);
    expect(await vClusterLeftovers(client, result.ref)).toEqual([]);
  });

  it('delete uninstalls the release first: helm list is empty and nothing is left', async () => {
    const created = await createVCluster(deps, { tenant, template, name: 'del', options: { nodeSync: { enabled: true } }, requestedBy: 'alice', actor: 'service-account' });
    expect(await list('del')).toHaveLength(1);
    const result = await deleteVCluster(deps, { tenant: tenant.name, name: 'del', actor: memberOf(tenant) });
    expect(result.uninstalled).toBe(true);
    expect(result.remaining).toEqual([]);
    expect(await client.find(ResourceTypes.Namespace, created.ref.namespace)).toBeUndefined();
    expect((await sandboxHelm(['list', '--all', '--namespace', created.ref.namespace, '-o', 'json'])).stdout.trim()).toBe('[]');
    expect(await vClusterLeftovers(client, result.ref)).toEqual([]);
  });

  it('a creation whose helm install was killed half-way (pending-install) completes when created again', async () => {
    // Cubby's part stops after the quota; then a helm install dies with its record pending.
    await expect(createVCluster({ ...deps, client: interruptedAfter(client, 2) }, { tenant, template, name: 'cut', requestedBy: 'alice', actor: 'service-account' })).rejects.toThrow(/simulated interruption/);
    await killHelmAt(['install', 'cut', TEST_CHART_DIR, '--namespace', ns('cut'), '--wait', '--timeout', '2m'], 'cut', 'pending-install');
    expect((await history('cut')).at(-1)).toMatchObject({ revision: 1, status: 'pending-install' });

    const result = await createVCluster(impatient, { tenant, template, name: 'cut', options: { ingressSync: true }, requestedBy: 'alice', actor: 'service-account' });
    expect(result.resumed).toBe(true);
    // The half-made release was uninstalled through helm and installed again.
    expect(await history('cut')).toEqual([expect.objectContaining({ revision: 1, status: 'deployed', description: 'Install complete' })]);
    expect(await sandboxHelmJson(['get', 'values', 'cut', '--namespace', ns('cut')])).toEqual({ sync: { toHost: { ingresses: { enabled: true } } } });
    expect(storedState(await namespaceOf('cut'))).toMatchObject({ appliedGeneration: '1' });
    await waitForRunningControlPlane(client, ns('cut'), 'cut');
  });

  it('a vCluster made before releases (objects applied by Cubby) is adopted into a release on its next change', async () => {
    // What earlier Cubby versions did: every object server-side applied, no release (and, as they
    // ran with broad rights, no RoleBinding of Cubby's own in the namespace: the sandbox admin).
    const plan = await planVCluster(deps, { tenant, template, name: 'old', options: { nodeSync: { enabled: true } }, requestedBy: 'alice', actor: 'service-account' });
    const earlierCubby = sandboxAdmin();
    await earlierCubby.create(ResourceTypes.Namespace, plan.namespaceObject);
    await applyInOrder(earlierCubby, plan.objects, plan.ref);
    await patchNamespaceAnnotations(earlierCubby, plan.ref.namespace, { [ANNOTATION_APPLIED_GENERATION]: '1' });
    earlierCubby.close();
    expect(await list('old')).toEqual([]);
    const clusterRole = `vc-old-v-${ns('old')}`;
    const uid = async (type: (typeof ResourceTypes)[keyof typeof ResourceTypes], name: string, namespace?: string) =>
      (await client.get<KubernetesObject>(type, name, namespace)).metadata?.uid;
    const before = { sts: await uid(ResourceTypes.StatefulSet, 'old', ns('old')), role: await uid(ResourceTypes.ClusterRole, clusterRole) };

    const result = await changeVClusterOptions(deps, { tenant, name: 'old', template, options: { ingressSync: true }, expectedVersion: '1', actor: memberOf(tenant) });
    expect(result.releaseRevision).toBe(1);
    expect(await list('old')).toEqual([expect.objectContaining({ name: 'old', revision: '1', status: 'deployed' })]);
    expect(await sandboxHelmJson(['get', 'values', 'old', '--namespace', ns('old')])).toEqual(storedState(await namespaceOf('old')).values);
    // Taken over in place, not recreated.
    expect(await uid(ResourceTypes.StatefulSet, 'old', ns('old'))).toBe(before.sts);
    expect(await uid(ResourceTypes.ClusterRole, clusterRole)).toBe(before.role);
    const role = await client.get<KubernetesObject>(ResourceTypes.ClusterRole, clusterRole);
    expect(role.metadata?.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'old', 'meta.helm.sh/release-namespace': ns('old') });
    expect(role.metadata?.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm', 'cubby.dev/tenant': tenant.name });
    expect((await configOf('old')).sync.toHost.ingresses.enabled).toBe(true);
    // Cubby's own objects stay out of the release.
    const quota = await client.get<KubernetesObject>(ResourceTypes.ResourceQuota, 'cubby-quota', ns('old'));
    expect(quota.metadata?.annotations?.['meta.helm.sh/release-name']).toBeUndefined();

    const deleted = await deleteVCluster(deps, { tenant: tenant.name, name: 'old', actor: 'service-account' });
    expect(deleted.uninstalled).toBe(true);
    expect(deleted.remaining).toEqual([]);
  });

  it("delete never lets helm uninstall another vCluster's cluster-scoped object that its release's manifest names", async () => {
    // Two tenants sharing a 16-character prefix and a 38-character name: the chart gives both
    // vClusters the same ClusterRole name. B's release comes to name it (a hand upgrade turning
    // node sync on), then the object goes to A, the way an install that lost a race ends up.
    const prefix = `s${Date.now().toString(36).slice(-6)}${'q'.repeat(9)}`;
    const first = testTenant({ name: `${prefix}a1` });
    const second = testTenant({ name: `${prefix}b2` });
    const name = `shared-${'z'.repeat(31)}`;
    const aNs = `vc-${first.name}--${name}`;
    const bNs = `vc-${second.name}--${name}`;
    const shared = chartClusterRoleName(name, aNs);
    expect(chartClusterRoleName(name, bNs)).toBe(shared);
    try {
      await createVCluster(deps, { tenant: second, template, name, requestedBy: 'bob', actor: 'service-account' });
      const upgrade = await sandboxHelm(['upgrade', name, TEST_CHART_DIR, '--namespace', bNs, '--reuse-values', '--set', 'sync.fromHost.nodes.enabled=true']);
      expect(upgrade.exitCode).toBe(0);
      expect(await client.find(ResourceTypes.ClusterRole, shared)).toBeDefined();
      await client.delete(ResourceTypes.ClusterRole, shared);
      await client.delete(ResourceTypes.ClusterRoleBinding, shared);
      await waitFor('the ClusterRole to be gone', async () => (await client.find(ResourceTypes.ClusterRole, shared)) === undefined);
      await createVCluster(deps, { tenant: first, template, name, options: { nodeSync: { enabled: true } }, requestedBy: 'alice', actor: 'service-account' });
      const holder = async () => (await client.find<KubernetesObject>(ResourceTypes.ClusterRole, shared))?.metadata?.labels?.['cubby.dev/tenant'];
      expect(await holder()).toBe(first.name);

      const deleted = await deleteVCluster(deps, { tenant: second.name, name, actor: 'service-account' });
      expect(deleted.uninstalled).toBe(false);
      expect(deleted.remaining).toEqual([]);
      expect(await holder()).toBe(first.name);
      expect(await client.find(ResourceTypes.ClusterRoleBinding, shared)).toBeDefined();
      // A's own delete takes it, through helm.
      const deletedA = await deleteVCluster(deps, { tenant: first.name, name, actor: 'service-account' });
      expect(deletedA.uninstalled).toBe(true);
      expect(await client.find(ResourceTypes.ClusterRole, shared)).toBeUndefined();
    } finally {
      await removeTenantNamespaces(client, first.name);
      await removeTenantNamespaces(client, second.name);
    }
  });
});
