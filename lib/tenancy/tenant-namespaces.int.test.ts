import { afterAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { LABEL_TENANT, LABEL_VCLUSTER } from './model';
import { countTenantVClusters, listTenantNamespaces } from './tenant-namespaces';

describe("a tenant's vCluster namespaces against the sandbox", () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const tenantName = uniqueName('tn');
  const base = uniqueName('vc-count');
  const [first, second, leaving] = [`${base}-a`, `${base}-b`, `${base}-c`];
  const HOLD = 'cubby.dev/test-hold';

  afterAll(async () => {
    await admin.patch(ResourceTypes.Namespace, leaving, undefined, { metadata: { finalizers: null } }).catch(() => undefined);
    for (const ns of [first, second, leaving]) await admin.delete(ResourceTypes.Namespace, ns);
    admin.close();
  });

  const create = (name: string, vcluster: string, finalizers?: string[]) =>
    admin.create(ResourceTypes.Namespace, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [LABEL_TENANT]: tenantName, [LABEL_VCLUSTER]: vcluster }, ...(finalizers ? { finalizers } : {}) },
    });

  // Racing creations are settled in provision.ts by a recount once the namespace exists.
  it('counts live vClusters only', async () => {
    await create(leaving, 'old', [HOLD]);
    await admin.delete(ResourceTypes.Namespace, leaving);
    await create(first, 'one');
    await create(second, 'two');
    const namespaces = await listTenantNamespaces(admin, tenantName);
    expect(namespaces.map((ns) => [ns.namespace, ns.vcluster, ns.terminating])).toEqual([
      [first, 'one', false],
      [second, 'two', false],
      [leaving, 'old', true],
    ]);
    expect(await countTenantVClusters(admin, tenantName)).toBe(2);
  });
});
