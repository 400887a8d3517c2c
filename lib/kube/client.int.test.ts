import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient, type WatchEvent } from './client';
import { KubeError } from './errors';
import { ResourceTypes } from './resource-types';

describe('KubeClient against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('kube-client');

  beforeAll(async () => {
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  });

  afterAll(async () => {
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
  });

  it('reads, lists and reports a missing object as a typed 404 naming it', async () => {
    const ns = await admin.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata?.name).toBe(namespace);
    const error = await admin.get(ResourceTypes.ConfigMap, 'missing', namespace).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    const kubeError = error as KubeError;
    expect(kubeError.status).toBe(404);
    expect(kubeError.notFound).toBe(true);
    expect(kubeError.ref).toMatchObject({ kind: 'ConfigMap', namespace, name: 'missing' });
    expect(kubeError.message).toContain('missing');
    expect(await admin.find(ResourceTypes.ConfigMap, 'missing', namespace)).toBeUndefined();
  });

  it('applies idempotently with field manager cubby', async () => {
    const object: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace }, data: { a: '1' } };
    const first = await admin.apply(object);
    const second = await admin.apply(object);
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(second.metadata?.managedFields?.map((f) => f.manager)).toEqual(['cubby']);
  });

  it('finds the plural of a kind outside its table through discovery', async () => {
    const type = await admin.resourceTypeOf('policy/v1', 'PodDisruptionBudget');
    expect(type).toMatchObject({ plural: 'poddisruptionbudgets', namespaced: true });
  });

  it('impersonates a user with several groups; RBAC decides on the groups', async () => {
    const user = `user-${namespace}`;
    const asUser = admin.as({ user, groups: ['cubby:unrelated', `cubby:tenant:${namespace}`] });
    const denied = await asUser.list(ResourceTypes.ConfigMap, { namespace }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(KubeError);
    expect((denied as KubeError).status).toBe(403);
    expect((denied as KubeError).retryable).toBe(false);

    await admin.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'group-view', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      // Bound to the second group only: both impersonated groups must reach the API server.
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `cubby:tenant:${namespace}` }],
    });
    let allowed: V1ConfigMap[] | undefined;
    for (let attempt = 0; attempt < 50 && !allowed; attempt++) {
      allowed = await asUser.list<V1ConfigMap>(ResourceTypes.ConfigMap, { namespace }).then((l) => l.items, () => undefined);
      if (!allowed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(allowed?.map((c) => c.metadata?.name)).toContain('applied');
  });

  it('watches from a list resourceVersion and sees later changes', async () => {
    const list = await admin.list<V1ConfigMap>(ResourceTypes.ConfigMap, { namespace });
    const controller = new AbortController();
    const events: WatchEvent<V1ConfigMap>[] = [];
    const watching = admin.watch<V1ConfigMap>(
      ResourceTypes.ConfigMap,
      { namespace, resourceVersion: list.metadata.resourceVersion, signal: controller.signal },
      (event) => {
        events.push(event);
        if (event.type === 'DELETED') controller.abort();
      },
    );
    await admin.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched', namespace }, data: { b: '2' } });
    await admin.delete(ResourceTypes.ConfigMap, 'watched', namespace);
    await watching;
    expect(events.map((e) => `${e.type} ${e.object.metadata?.name}`)).toEqual(['ADDED watched', 'DELETED watched']);
  });

  it('says plainly when the API server is unreachable', async () => {
    const kc = sandboxKubeConfig();
    const cluster = kc.getCurrentCluster()!;
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: 'https://127.0.0.1:1' } : c));
    const error = await new KubeClient(kc).get(ResourceTypes.Namespace, 'default').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).status).toBe(0);
    expect((error as KubeError).retryable).toBe(true);
    expect((error as KubeError).message).toContain('cannot reach the API server');
  });
});
