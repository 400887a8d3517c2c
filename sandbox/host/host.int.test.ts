import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type KubernetesObject,
  type V1Pod,
} from '@kubernetes/client-node';
import { runningSandbox, sandboxKubeConfig, uniqueName } from '../testing';
import { waitFor } from './wait';
import { DEFAULT_STORAGE_CLASS, SANDBOX_NODES } from './nodes';

function impersonating(user: string): KubeConfig {
  const copy = sandboxKubeConfig();
  const current = copy.getCurrentUser()!;
  copy.users = copy.users.map((u) => (u.name === current.name ? { ...u, impersonateUser: user } : u));
  return copy;
}

function statusOf(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}

describe('sandbox host cluster', () => {
  const kc = sandboxKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const namespace = uniqueName('host-it');

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    // The service-account controller creates `default`; pods are refused until it exists.
    await waitFor('default service account', async () => {
      await core.readNamespacedServiceAccount({ name: 'default', namespace });
      return true;
    }, 30_000);
  });

  afterAll(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('serves Kubernetes v1.36 to kubectl', () => {
    const state = runningSandbox();
    const out = execFileSync(join(state.binDir, 'kubectl'), ['--kubeconfig', state.kubeconfig, 'version', '-o', 'json'], { encoding: 'utf8' });
    const version = JSON.parse(out) as { serverVersion: { gitVersion: string; minor: string } };
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.36\./);
    expect(version.serverVersion.minor).toBe('36');
  });

  it('has Ready kwok nodes with distinct zone labels', async () => {
    const nodes = (await core.listNode()).items;
    const ours = nodes.filter((n) => SANDBOX_NODES.some((s) => s.name === n.metadata?.name));
    expect(ours).toHaveLength(SANDBOX_NODES.length);
    for (const node of ours) {
      expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    const zones = new Set(ours.map((n) => n.metadata?.labels?.['topology.kubernetes.io/zone']));
    expect(zones.size).toBe(SANDBOX_NODES.length);
  });

  it('schedules a Deployment onto kwok nodes and runs its pods', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });
    let pods: V1Pod[] = [];
    await waitFor('3 Running pods', async () => {
      pods = (await core.listNamespacedPod({ namespace, labelSelector: 'app=web' })).items;
      return pods.length === 3 && pods.every((p) => p.status?.phase === 'Running');
    }, 60_000);
    const nodeNames: string[] = SANDBOX_NODES.map((n) => n.name);
    for (const pod of pods) {
      expect(nodeNames).toContain(pod.spec?.nodeName);
      expect(pod.status?.podIP).toBeTruthy();
      expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  });

  it('binds a claim of the default StorageClass and runs a pod that mounts it', async () => {
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
      },
    });
    await waitFor('claim Bound', async () => {
      const claim = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace });
      return claim.status?.phase === 'Bound';
    }, 60_000);
    const claim = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace });
    expect(claim.spec?.storageClassName).toBe(DEFAULT_STORAGE_CLASS);
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'uses-data' },
        spec: {
          containers: [{ name: 'app', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        },
      },
    });
    await waitFor('pod with the claim Running', async () => {
      const pod = await core.readNamespacedPod({ name: 'uses-data', namespace });
      return pod.status?.phase === 'Running';
    }, 60_000);
  });

  it('denies a user without rights (403) and lets an authorised impersonated user through', async () => {
    const user = `tenant-${namespace}`;
    const asUser = impersonating(user).makeApiClient(CoreV1Api);
    const denied = await asUser.listNamespacedPod({ namespace }).then(() => 200, statusOf);
    expect(denied).toBe(403);

    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'tenant-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      },
    });
    await waitFor('RBAC to admit the user', async () => {
      await asUser.listNamespacedPod({ namespace });
      return true;
    }, 15_000);
    // The grant is namespaced: the same user is still denied elsewhere.
    const elsewhere = await asUser.listNamespacedPod({ namespace: 'kube-system' }).then(() => 200, statusOf);
    expect(elsewhere).toBe(403);
  });

  it('server-side apply of a manifest is idempotent', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const manifest: KubernetesObject & { data: Record<string, string> } = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace, labels: { purpose: 'ssa' } },
      data: { key: 'value' },
    };
    const apply = () => objects.patch(manifest, undefined, undefined, 'cubby-test', true, PatchStrategy.ServerSideApply);
    const first = await apply();
    const second = await apply();
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    const managers = second.metadata?.managedFields?.map((f) => f.manager) ?? [];
    expect(managers).toEqual(['cubby-test']);
  });

  it('finishes a namespace deletion', async () => {
    const doomed = uniqueName('doomed');
    await core.createNamespace({ body: { metadata: { name: doomed } } });
    await core.createNamespacedConfigMap({ namespace: doomed, body: { metadata: { name: 'x' }, data: { a: 'b' } } });
    await core.deleteNamespace({ name: doomed });
    await waitFor('namespace gone', async () => {
      const status = await core.readNamespace({ name: doomed }).then(() => 200, statusOf);
      return status === 404;
    }, 60_000);
  });
});
