import { afterAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { CUBBY_API_VERSION } from './model';
import { CubbyResourceTypes, cubbyCrds, ensureCubbyCrds } from './crds';

interface Crd {
  metadata: { resourceVersion: string };
  status: { conditions: { type: string; status: string }[] };
}

describe('Cubby CRDs against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('cubby-crds');
  const created: { type: (typeof CubbyResourceTypes)[keyof typeof CubbyResourceTypes]; name: string; namespace?: string }[] = [];

  afterAll(async () => {
    for (const o of created) await admin.delete(o.type, o.name, o.namespace);
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
  });

  const versions = async () =>
    Promise.all(cubbyCrds().map((c) => admin.get<Crd>(ResourceTypes.CustomResourceDefinition, c.metadata!.name!).then((o) => o.metadata.resourceVersion)));

  it('installs twice without change, established, with the namespace', async () => {
    await ensureCubbyCrds(admin, { namespace });
    const first = await versions();
    await ensureCubbyCrds(admin, { namespace });
    expect(await versions()).toEqual(first);
    for (const crd of cubbyCrds()) {
      const current = await admin.get<Crd>(ResourceTypes.CustomResourceDefinition, crd.metadata!.name!);
      expect(current.status.conditions).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));
    }
    const ns = await admin.get<{ metadata: { labels: Record<string, string> } }>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata.labels['app.kubernetes.io/managed-by']).toBe('cubby');
  });

  const rejected = async (type: (typeof CubbyResourceTypes)[keyof typeof CubbyResourceTypes], body: Record<string, unknown>, ns?: string) => {
    const error = await admin.create(type, { apiVersion: CUBBY_API_VERSION, kind: type.kind, ...body }, ns).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).status).toBe(422);
    return (error as KubeError).message;
  };

  it('makes the API server enforce tenant names and quotas for kubectl users too', async () => {
    const quota = { maxVClusters: 1 };
    expect(await rejected(CubbyResourceTypes.Tenant, { metadata: { name: 'a'.repeat(19) }, spec: { quota } })).toContain('at most 18');
    expect(await rejected(CubbyResourceTypes.Tenant, { metadata: { name: 'a--b' }, spec: { quota } })).toContain("never '--'");
    expect(await rejected(CubbyResourceTypes.Tenant, { metadata: { name: 'neg' }, spec: { quota: { maxVClusters: -1 } } })).toContain('maxVClusters');
    expect(await rejected(CubbyResourceTypes.Tenant, { metadata: { name: 'cpu' }, spec: { quota: { maxVClusters: 1, cpu: '2 cores' } } })).toContain('cpu');
    const name = uniqueName('t').slice(0, 18).replace(/-$/, 'x');
    await admin.create(CubbyResourceTypes.Tenant, { apiVersion: CUBBY_API_VERSION, kind: 'Tenant', metadata: { name }, spec: { quota: { maxVClusters: 2, cpu: '1500m', memory: '2Gi' } } } as never);
    created.push({ type: CubbyResourceTypes.Tenant, name });
  });

  it('keeps template values as given and restricts allowedOptions to the known ids', async () => {
    expect(await rejected(CubbyResourceTypes.VClusterTemplate, { metadata: { name: 'bad-option' }, spec: { allowedOptions: ['sync.toHost.pods'] } })).toContain('allowedOptions');
    const name = uniqueName('tpl');
    const baseValues = { sync: { toHost: { ingresses: { enabled: true } } }, anything: [1, 'two', { three: 3 }] };
    const stored = await admin.create<{ spec: { baseValues: unknown } }>(CubbyResourceTypes.VClusterTemplate, {
      apiVersion: CUBBY_API_VERSION,
      kind: 'VClusterTemplate',
      metadata: { name },
      spec: { baseValues, allowedOptions: ['ingressSync'] },
    } as never);
    created.push({ type: CubbyResourceTypes.VClusterTemplate, name });
    expect(stored.spec.baseValues).toEqual(baseValues);
  });

  it('keeps audit records immutable', async () => {
    const record = await admin.create<{ metadata: { name: string } }>(
      CubbyResourceTypes.AuditRecord,
      {
        apiVersion: CUBBY_API_VERSION,
        kind: 'AuditRecord',
        metadata: { generateName: 'crd-test-', namespace },
        spec: { actor: { user: 'alice' }, action: 'vcluster.create', result: 'success', at: new Date().toISOString() },
      } as never,
      namespace,
    );
    const error = await admin
      .patch(CubbyResourceTypes.AuditRecord, record.metadata.name, namespace, { spec: { result: 'failed' } })
      .catch((e: unknown) => e);
    expect((error as KubeError).status).toBe(422);
    expect((error as KubeError).message).toContain('immutable');
  });
});
