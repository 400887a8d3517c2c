import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject, V1Deployment, V1Namespace, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { uniqueName } from '@/sandbox/testing';
import { renderChart } from './chart-render';
import { deleteVCluster } from './delete';
import { assignToTenant, discoverVClusters } from './discovery';
import { storedState } from './host-metadata';
import { pauseVCluster } from './pause-resume';
import { memberOf, rejection, removeTenantNamespaces, sandboxAdmin, sandboxDeps, testTenant, waitForRunningControlPlane } from './lifecycle.testing';

describe('discovery of vClusters made with helm, and assignment to a tenant', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  // helm's part (installing it by hand) is the sandbox admin's; Cubby acts as itself.
  const admin = sandboxAdmin();
  const namespace = uniqueName('helm-made');
  const tenant = testTenant();
  const other = testTenant();

  const discover = async () =>
    discoverVClusters({
      statefulSets: (await client.list<V1StatefulSet>(ResourceTypes.StatefulSet)).items,
      deployments: (await client.list<V1Deployment>(ResourceTypes.Deployment)).items,
      namespaces: (await client.list<V1Namespace>(ResourceTypes.Namespace)).items,
    });

  beforeAll(async () => {
    // What `helm install legacy vcluster -n NS --create-namespace` leaves: the chart's objects,
    // no Cubby labels anywhere.
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const rendered = await renderChart({ release: 'legacy', namespace, values: {} }, deps.chart);
    for (const object of rendered.objects) await admin.apply(object as KubernetesObject, { fieldManager: 'helm' });
    await waitForRunningControlPlane(admin, namespace, 'legacy');
  });

  afterAll(async () => {
    await admin.delete(ResourceTypes.Namespace, namespace);
    await removeTenantNamespaces(client, tenant.name);
    client.close();
    admin.close();
  });

  it('finds it as unassigned', async () => {
    const found = (await discover()).find((v) => v.namespace === namespace);
    expect(found).toMatchObject({ namespace, name: 'legacy', kind: 'StatefulSet', createdByCubby: false, chart: 'vcluster-0.36.1' });
    expect(found?.tenant).toBeUndefined();
  });

  it('assigns it: labels, tenant RBAC and quota; then members manage it, as the host RBAC decides', async () => {
    const ref = await assignToTenant(client, { namespace, name: 'legacy', tenant, assignedBy: 'admin' });
    expect(ref).toEqual({ tenant: tenant.name, name: 'legacy', namespace });
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata?.labels).toMatchObject({ 'cubby.dev/tenant': tenant.name, 'cubby.dev/vcluster': 'legacy' });
    // An adopted namespace is guarded like a created one: baseline Pod Security, the tenant's
    // ingress hosts (none here, so the host refuses every Ingress host).
    expect(ns.metadata?.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
    });
    expect(ns.metadata?.annotations).toHaveProperty(['cubby.dev/allowed-ingress-hosts'], '');
    const state = storedState(ns);
    expect(state).toMatchObject({ imported: true, createdBy: 'admin' });
    expect(state.objects.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'ResourceQuota/cubby-quota',
      'LimitRange/cubby-defaults',
      'Role/cubby-tenant',
      'RoleBinding/cubby-tenant',
    ]);
    expect(await client.find(ResourceTypes.RoleBinding, 'cubby-tenant', namespace)).toBeDefined();
    expect((await discover()).find((v) => v.namespace === namespace)).toMatchObject({ tenant: tenant.name, createdByCubby: false });

    // Assigning again to the same tenant converges; to another is refused.
    await assignToTenant(client, { namespace, name: 'legacy', tenant, assignedBy: 'admin' });
    expect(await rejection(assignToTenant(client, { namespace, name: 'legacy', tenant: other, assignedBy: 'admin' }))).toMatchObject({
      status: 409,
      code: 'already_exists',
    });

    // The outsider is refused by the API server; the member may pause.
    expect(await rejection(pauseVCluster(deps, { tenant: tenant.name, name: 'legacy', actor: memberOf(other) }))).toMatchObject({ status: 404 });
    expect(await pauseVCluster(deps, { tenant: tenant.name, name: 'legacy', actor: memberOf(tenant) })).toMatchObject({ changed: true });
  });

  it('refuses a namespace without a vCluster and a name that is not there', async () => {
    expect(await rejection(assignToTenant(client, { namespace: 'default', name: 'legacy', tenant, assignedBy: 'admin' }))).toMatchObject({ status: 404 });
    expect(await rejection(assignToTenant(client, { namespace: uniqueName('nowhere'), name: 'x', tenant, assignedBy: 'admin' }))).toMatchObject({ status: 404 });
  });

  it('the member deletes it and nothing of it is left', async () => {
    const result = await deleteVCluster(deps, { tenant: tenant.name, name: 'legacy', actor: memberOf(tenant) });
    expect(result.remaining).toEqual([]);
    expect(await client.find(ResourceTypes.Namespace, namespace)).toBeUndefined();
  });
});
