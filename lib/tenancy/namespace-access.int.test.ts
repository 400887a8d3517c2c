import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Pod, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { reviewAccess } from '@/lib/kube/access-review';
import { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import type { Identity } from '@/lib/kube/identity';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Tenant } from './model';
import { namespaceAccessObjects } from './namespace-access';

const tenant = (name: string, users: string[], groups: string[]): Tenant => ({
  name,
  spec: { members: { users, groups }, quota: { maxVClusters: 1 }, templates: [] },
});

async function statusOf(call: Promise<unknown>): Promise<number> {
  return call.then(
    () => 200,
    (error: unknown) => {
      if (!(error instanceof KubeError)) throw error;
      return error.status;
    },
  );
}

/** RBAC reaches the authorizer through an informer: a fresh grant may need a moment. */
async function eventually(call: () => Promise<unknown>): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await call();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}

const statefulSet = (name: string, namespace: string): V1StatefulSet => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace },
  spec: {
    replicas: 0,
    serviceName: `${name}-headless`,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  },
});

describe('tenant RBAC in a vCluster namespace, enforced by the API server', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('vc-rbac');
  const elsewhere = uniqueName('vc-other');
  const id = namespace.slice(-4);
  const vcluster = 'demo';
  const alice: Identity = { user: `alice-${id}`, groups: [] };
  const byGroup: Identity = { user: `carol-${id}`, groups: ['unrelated', `team-a-${id}`] };
  const bob: Identity = { user: `bob-${id}`, groups: [`team-b-${id}`] };
  const teamB: Identity = { user: `dave-${id}`, groups: [`team-b-${id}`] };
  const anonymous: Identity = { user: 'system:anonymous', groups: ['system:unauthenticated'] };
  const stranger: Identity = { user: `mallory-${id}`, groups: [] };
  const tenantA = tenant('team-a', [alice.user], [`team-a-${id}`]);
  const tenantB = tenant('team-b', [bob.user], [`team-b-${id}`]);

  beforeAll(async () => {
    for (const ns of [namespace, elsewhere]) {
      await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    for (const object of namespaceAccessObjects(tenantA, namespace, vcluster)) await admin.apply(object);
    // Tenant B's own vCluster, next door: its RBAC must not open tenant A's namespace.
    for (const object of namespaceAccessObjects(tenantB, elsewhere, vcluster)) await admin.apply(object);
    for (const name of [`vc-${vcluster}`, `vc-config-${vcluster}`, 'synced-app-secret']) {
      await admin.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, stringData: { k: name } } as V1Secret);
    }
    await admin.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: `vc-${vcluster}`, namespace: elsewhere }, stringData: { k: 'b' } } as V1Secret);
    for (const name of [vcluster, 'other']) await admin.create(ResourceTypes.StatefulSet, statefulSet(name, namespace));
  });

  afterAll(async () => {
    for (const ns of [namespace, elsewhere]) await admin.delete(ResourceTypes.Namespace, ns);
    admin.close();
  });

  const memberChecks = async (identity: Identity) => {
    const as = admin.as(identity);
    await eventually(() => as.list<V1Pod>(ResourceTypes.Pod, { namespace }));
    const secret = await as.get<V1Secret>(ResourceTypes.Secret, `vc-${vcluster}`, namespace);
    expect(Buffer.from(secret.data!.k!, 'base64').toString()).toBe(`vc-${vcluster}`);
    expect(await statusOf(as.get(ResourceTypes.Secret, `vc-config-${vcluster}`, namespace))).toBe(200);
    for (const type of [ResourceTypes.Service, ResourceTypes.Event, ResourceTypes.PersistentVolumeClaim, ResourceTypes.StatefulSet, ResourceTypes.Deployment]) {
      expect(await statusOf(as.list(type, { namespace })), type.kind).toBe(200);
    }
    // Everything else is refused by the API server.
    expect(await statusOf(as.get(ResourceTypes.Secret, 'synced-app-secret', namespace))).toBe(403);
    expect(await statusOf(as.list(ResourceTypes.Secret, { namespace }))).toBe(403);
    expect(await statusOf(as.list(ResourceTypes.ConfigMap, { namespace }))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.StatefulSet, 'other', namespace, { metadata: { annotations: { x: 'y' } } }))).toBe(403);
    expect(await statusOf(as.delete(ResourceTypes.StatefulSet, 'other', namespace))).toBe(403);
    expect(
      await statusOf(as.create(ResourceTypes.Pod, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sneaky', namespace }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as V1Pod)),
    ).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.RoleBinding, 'cubby-tenant', namespace, { subjects: [] }))).toBe(403);
    expect(await statusOf(as.delete(ResourceTypes.Namespace, namespace))).toBe(403);
    expect(await statusOf(as.list(ResourceTypes.Pod, { namespace: elsewhere }))).toBe(403);
    expect(await statusOf(as.get(ResourceTypes.Secret, `vc-${vcluster}`, elsewhere))).toBe(403);
    // The member's host identity writes nothing to the control plane, not even its own vCluster's.
    expect(await statusOf(as.patch(ResourceTypes.StatefulSet, vcluster, namespace, { metadata: { annotations: { 'loft.sh/paused': 'true' } } }))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.StatefulSet, vcluster, namespace, { spec: { replicas: 0 } }, 'merge', 'scale'))).toBe(403);
    expect(await statusOf(as.delete(ResourceTypes.StatefulSet, vcluster, namespace))).toBe(403);
    // What Cubby asks before it acts for them: allowed on their vCluster, by name, for each action.
    for (const verb of ['update', 'pause', 'resume', 'delete']) {
      const allowed = await reviewAccess(admin, identity, { verb, group: 'cubby.dev', resource: 'vclusters', name: vcluster, namespace });
      expect(allowed.allowed, verb).toBe(true);
    }
    const otherName = await reviewAccess(admin, identity, { verb: 'delete', group: 'cubby.dev', resource: 'vclusters', name: 'other', namespace });
    expect(otherName.allowed).toBe(false);
    const otherNamespace = await reviewAccess(admin, identity, { verb: 'delete', group: 'cubby.dev', resource: 'vclusters', name: vcluster, namespace: elsewhere });
    expect(otherNamespace.allowed).toBe(false);
  };

  it('lets a member named as a user read what Cubby shows and nothing more', async () => {
    await memberChecks(alice);
  });

  it('lets a member through one of several groups do the same', async () => {
    await memberChecks(byGroup);
  });

  it.each([
    ["another tenant's user", bob],
    ["another tenant's group", teamB],
    ['an anonymous caller', anonymous],
    ['an unknown user', stranger],
  ])('refuses %s everything in the namespace with 403', async (_, identity) => {
    // Tenant B's grant in its own namespace works, so a refusal here is not a missing binding.
    if (identity === bob || identity === teamB) await eventually(() => admin.as(identity).list(ResourceTypes.Pod, { namespace: elsewhere }));
    const as = admin.as(identity);
    expect(await statusOf(as.list(ResourceTypes.Pod, { namespace }))).toBe(403);
    expect(await statusOf(as.get(ResourceTypes.Secret, `vc-${vcluster}`, namespace))).toBe(403);
    expect(await statusOf(as.get(ResourceTypes.Secret, `vc-config-${vcluster}`, namespace))).toBe(403);
    expect(await statusOf(as.get(ResourceTypes.StatefulSet, vcluster, namespace))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.StatefulSet, vcluster, namespace, { spec: { replicas: 1 } }, 'merge', 'scale'))).toBe(403);
    expect(await statusOf(as.delete(ResourceTypes.StatefulSet, vcluster, namespace))).toBe(403);
    expect(await statusOf(as.list(ResourceTypes.Event, { namespace }))).toBe(403);
  });

  it.each([
    ["another tenant's user", bob],
    ["another tenant's group", teamB],
    ['an anonymous caller', anonymous],
    ['an unknown user', stranger],
  ])("gives %s no SubjectAccessReview answer that lets Cubby act on the vCluster", async (_, identity) => {
    for (const verb of ['update', 'pause', 'resume', 'delete']) {
      const decision = await reviewAccess(admin, identity, { verb, group: 'cubby.dev', resource: 'vclusters', name: vcluster, namespace });
      expect(decision.allowed, verb).toBe(false);
    }
  });

  it("refuses the attacks of a member's host identity: privileged control plane, pods, exec, RBAC, other Secrets", async () => {
    const as = admin.as(alice);
    await eventually(() => as.list<V1Pod>(ResourceTypes.Pod, { namespace }));
    const privileged = {
      spec: {
        template: {
          spec: {
            hostPID: true,
            hostNetwork: true,
            containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true }, volumeMounts: [{ name: 'root', mountPath: '/host' }] }],
            volumes: [{ name: 'root', hostPath: { path: '/' } }],
          },
        },
      },
    };
    // Even a server-side dry run is refused: the grant is missing, not only the write.
    const dryRun = as.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${namespace}/statefulsets/${vcluster}`,
      query: { dryRun: 'All' },
      body: privileged,
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(await statusOf(dryRun)).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.StatefulSet, vcluster, namespace, privileged))).toBe(403);
    expect(await statusOf(as.replace(ResourceTypes.StatefulSet, statefulSet(vcluster, namespace)))).toBe(403);
    expect(await statusOf(as.apply(statefulSet(vcluster, namespace)))).toBe(403);
    expect(await statusOf(as.create(ResourceTypes.StatefulSet, statefulSet('mine', namespace)))).toBe(403);
    expect(
      await statusOf(as.create(ResourceTypes.Pod, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'root', namespace }, spec: { hostPID: true, containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }] } } as V1Pod)),
    ).toBe(403);
    expect(await statusOf(as.request({ method: 'POST', path: `/api/v1/namespaces/${namespace}/pods/${vcluster}-0/exec`, query: { command: 'sh' } }))).toBe(403);
    expect(await statusOf(as.request({ method: 'POST', path: `/api/v1/namespaces/${namespace}/pods/${vcluster}-0/ephemeralcontainers`, body: {} }))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.Role, 'cubby-tenant', namespace, { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.RoleBinding, 'cubby-tenant', namespace, { subjects: [{ kind: 'User', name: 'mallory', apiGroup: 'rbac.authorization.k8s.io' }] }))).toBe(403);
    expect(
      await statusOf(as.create(ResourceTypes.RoleBinding, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'mine', namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'User', name: alice.user, apiGroup: 'rbac.authorization.k8s.io' }] } as never)),
    ).toBe(403);
    expect(await statusOf(as.get(ResourceTypes.Secret, 'synced-app-secret', namespace))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.Secret, `vc-${vcluster}`, namespace, { data: {} }))).toBe(403);
    expect(await statusOf(as.patch(ResourceTypes.Namespace, namespace, undefined, { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }))).toBe(403);
    // Asking the host about someone else is itself refused: the tenant may not create reviews.
    const review = as.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: bob.user, resourceAttributes: { verb: 'get', resource: 'pods', namespace: elsewhere } } },
    });
    expect(await statusOf(review)).toBe(403);
    // Nothing changed.
    const sts = await admin.get<V1StatefulSet>(ResourceTypes.StatefulSet, vcluster, namespace);
    expect(sts.spec?.template.spec?.hostPID).toBeUndefined();
    expect(sts.spec?.template.spec?.volumes).toBeUndefined();
  });
});
