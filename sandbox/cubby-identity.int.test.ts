// Cubby's identity on the sandbox is its chart's ServiceAccount, and that identity is no cluster
// admin: each case tries, as Cubby, what a compromised Cubby (or a bug in it) might, and the host
// refuses. The positive side (everything Cubby must do, it can) is the rest of the suite, which
// runs as this identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1ClusterRoleBinding, V1Namespace, V1Secret } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { selfIdentity } from '@/lib/kube/self-identity';
import { CUBBY_NAMESPACE_BINDING, grantCubbyNamespaceAccess, namespaceClusterRole } from '@/lib/vcluster/cubby-namespace-access';
import { CUBBY_USER } from './cubby-identity';
import { sandboxCubbyKubeConfig, sandboxKubeConfig, uniqueName } from './testing';

async function refusal(promise: Promise<unknown>): Promise<KubeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KubeError) return error;
    throw error;
  }
  throw new Error('expected the API server to refuse');
}

interface AccessReview {
  status?: { allowed?: boolean };
}

describe("Cubby's identity on the host", () => {
  const cubby = new KubeClient(sandboxCubbyKubeConfig());
  const admin = new KubeClient(sandboxKubeConfig());
  const secretName = uniqueName('not-for-cubby');
  const plainNamespace = uniqueName('plain');
  const tenantNamespace = uniqueName('vc-li');

  const may = async (attributes: Record<string, string>) =>
    (
      await cubby.request<AccessReview>({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
      })
    ).status?.allowed === true;

  beforeAll(async () => {
    await admin.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: 'kube-system' }, stringData: { key: 'value' } } as V1Secret);
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: plainNamespace } });
  });

  afterAll(async () => {
    await admin.delete(ResourceTypes.Secret, secretName, 'kube-system').catch(() => undefined);
    for (const ns of [plainNamespace, tenantNamespace]) await admin.delete(ResourceTypes.Namespace, ns).catch(() => undefined);
    cubby.close();
    admin.close();
  });

  it("is the chart's ServiceAccount, not an admin", async () => {
    const me = await selfIdentity(cubby);
    expect(me.user).toBe(CUBBY_USER);
    expect(me.groups).not.toContain('system:masters');
  });

  it('cannot read a Secret in kube-system, nor list Secrets across the cluster', async () => {
    expect((await refusal(cubby.get(ResourceTypes.Secret, secretName, 'kube-system'))).status).toBe(403);
    expect((await refusal(cubby.list(ResourceTypes.Secret))).status).toBe(403);
    expect((await refusal(cubby.list(ResourceTypes.Secret, { namespace: plainNamespace }))).status).toBe(403);
  });

  it('cannot exec into, attach to or port-forward to pods outside vCluster namespaces, nor change a node', async () => {
    for (const subresource of ['exec', 'attach', 'portforward']) {
      expect(await may({ namespace: 'kube-system', verb: 'create', resource: 'pods', subresource }), subresource).toBe(false);
    }
    for (const verb of ['update', 'patch', 'delete']) expect(await may({ verb, resource: 'nodes' }), verb).toBe(false);
    expect(await may({ verb: 'get', resource: 'nodes', subresource: 'proxy' })).toBe(false);
  });

  it('cannot impersonate anyone, the group system:masters least of all', async () => {
    const asMasters = cubby.as({ user: 'someone', groups: ['system:masters'] });
    expect((await refusal(asMasters.list(ResourceTypes.Namespace))).status).toBe(403);
    expect(await may({ verb: 'impersonate', resource: 'groups', name: 'system:masters' })).toBe(false);
    expect(await may({ verb: 'impersonate', resource: 'users', name: 'admin' })).toBe(false);
  });

  it('cannot bind itself to more: cluster-admin, its namespace role cluster-wide, or in a namespace without a tenant', async () => {
    const subjects = [{ kind: 'ServiceAccount', name: 'cubby', namespace: 'cubby-system' }];
    const toClusterAdmin = await refusal(
      cubby.create(ResourceTypes.ClusterRoleBinding, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: uniqueName('cubby-escalates') },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects,
      } as V1ClusterRoleBinding),
    );
    expect(toClusterAdmin.status).toBe(403);
    const namespaceRoleEverywhere = await refusal(
      cubby.create(ResourceTypes.ClusterRoleBinding, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: uniqueName('cubby-everywhere') },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: namespaceClusterRole() },
        subjects,
      } as V1ClusterRoleBinding),
    );
    expect(namespaceRoleEverywhere.status).toBe(403);
    expect(namespaceRoleEverywhere.message).toContain('never cluster-wide');
    for (const namespace of ['kube-system', plainNamespace]) {
      const error = await refusal(grantCubbyNamespaceAccess(cubby, namespace, {}));
      expect(error.status, namespace).toBe(403);
      expect(error.message).toContain('labelled cubby.dev/tenant');
    }
  });

  it('cannot change, label or delete the system namespaces, nor delete a namespace without a tenant', async () => {
    const label = await refusal(cubby.patch(ResourceTypes.Namespace, 'kube-system', undefined, { metadata: { labels: { 'cubby.dev/tenant': 'sneaky' } } }));
    expect(label.status).toBe(403);
    expect(label.message).toContain('system namespace');
    expect((await refusal(cubby.delete(ResourceTypes.Namespace, 'kube-system'))).status).toBe(403);
    const plain = await refusal(cubby.delete(ResourceTypes.Namespace, plainNamespace));
    expect(plain.message).toContain('carries no cubby.dev/tenant label');
    expect(await admin.find<V1Namespace>(ResourceTypes.Namespace, plainNamespace)).toBeDefined();
  });

  it('cannot create custom resource definitions or change other ones', async () => {
    expect(await may({ verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' })).toBe(false);
    expect(await may({ verb: 'patch', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: 'tenants.cubby.dev' })).toBe(true);
    expect(await may({ verb: 'patch', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: 'other.example.com' })).toBe(false);
  });

  it('in a namespace labelled with a tenant, binds itself and then reads its Secrets there, and there only', async () => {
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: tenantNamespace, labels: { 'cubby.dev/tenant': 'li' } } });
    await admin.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-x', namespace: tenantNamespace }, stringData: { config: 'c' } } as V1Secret);
    expect((await refusal(cubby.get(ResourceTypes.Secret, 'vc-x', tenantNamespace))).status).toBe(403);
    await grantCubbyNamespaceAccess(cubby, tenantNamespace, { 'cubby.dev/tenant': 'li' });
    const binding = await admin.get<{ roleRef: { name: string }; subjects: { kind: string; name: string }[] }>(ResourceTypes.RoleBinding, CUBBY_NAMESPACE_BINDING, tenantNamespace);
    expect(binding.roleRef.name).toBe(namespaceClusterRole());
    expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: 'cubby' })]);
    expect(await cubby.get(ResourceTypes.Secret, 'vc-x', tenantNamespace)).toMatchObject({ metadata: { name: 'vc-x' } });
    expect((await refusal(cubby.get(ResourceTypes.Secret, secretName, 'kube-system'))).status).toBe(403);
  });
});
