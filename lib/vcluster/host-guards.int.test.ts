// Issue 8, items 1 and 7, from the attacker's side: a tenant who is admin inside their vCluster
// (its own kubeconfig), the tenant's host identity, and an identity above both (the sandbox's
// admin) try to put a privileged pod, a foreign ingress host name or a default backend on the
// host. The host API server itself refuses each (Pod Security admission, Cubby's
// ValidatingAdmissionPolicy), the vCluster's syncer records why on the virtual object, and the
// Pods tab's rows carry that reason. The chart's NetworkPolicies are checked as objects: kwok's
// nodes do not enforce networking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreV1Event, KubernetesObject, V1Namespace, V1NetworkPolicy, V1Pod } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { LABEL_PSA_AUDIT, LABEL_PSA_ENFORCE, LABEL_PSA_WARN } from '@/lib/tenancy/pod-security';
import { ANNOTATION_INGRESS_HOSTS } from '@/lib/tenancy/ingress-hosts';
import type { Tenant } from '@/lib/tenancy/model';
import { createVCluster } from './provision';
import type { RawObject } from '@/lib/kube/informer';
import { projectSyncedPod } from './host-cache-projections';
import { syncedPodRows } from './synced-pods';
import { unsyncedPodRows } from './unsynced-pods';
import { closeVClusterClients, vClusterAccessSettings, vClusterClient } from './vcluster-access';
import { readVirtualPods } from './virtual-pods';
import { memberOf, rejection, removeTenantNamespaces, runtimeRunning, sandboxAdmin, sandboxDeps, testTemplate, testTenant, waitFor, waitForRunningControlPlane } from './lifecycle.testing';

const NAME = 'guarded';

/** Everything baseline Pod Security refuses, in one pod. */
function escapingPod(name: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      hostPID: true,
      hostNetwork: true,
      containers: [{ name: 'root', image: 'busybox', securityContext: { privileged: true }, volumeMounts: [{ name: 'host', mountPath: '/host' }] }],
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
    },
  };
}

function ingress(name: string, host: string, namespace = 'default'): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace },
    spec: { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  } as KubernetesObject;
}

describe('a tenant who is admin inside their vCluster cannot reach the host', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const base = testTenant();
  const tenant: Tenant = { ...base, spec: { ...base.spec, ingressHosts: [`*.${base.name}.apps.example.test`] } };
  const namespace = `vc-${tenant.name}--${NAME}`;
  const template = testTemplate('standard', ['ingressSync'], { policies: { networkPolicy: { enabled: true } } });
  const access = vClusterAccessSettings({ CUBBY_VCLUSTER_ACCESS: 'secret-server' });
  /** The tenant's members as the host sees them: the cubby-tenant Role, nothing more. */
  const tenantOnHost = () => client.as(memberOf(tenant));

  beforeAll(async () => {
    await createVCluster(deps, { tenant, template, name: NAME, options: { ingressSync: true }, requestedBy: 'alice', actor: 'service-account' });
    await waitForRunningControlPlane(client, namespace, NAME);
  });

  afterAll(async () => {
    closeVClusterClients();
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it('labels the namespace to enforce, warn and audit baseline Pod Security, and names its ingress hosts', async () => {
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata?.labels).toMatchObject({ [LABEL_PSA_ENFORCE]: 'baseline', [LABEL_PSA_WARN]: 'baseline', [LABEL_PSA_AUDIT]: 'baseline' });
    expect(ns.metadata?.annotations?.[ANNOTATION_INGRESS_HOSTS]).toBe(`*.${tenant.name}.apps.example.test`);
  });

  it('the tenant host identity can neither relabel nor re-annotate its namespace', async () => {
    const patch = { metadata: { labels: { [LABEL_PSA_ENFORCE]: 'privileged' }, annotations: { [ANNOTATION_INGRESS_HOSTS]: '*.example.test' } } };
    const denied = await rejection(tenantOnHost().patch(ResourceTypes.Namespace, namespace, undefined, patch, 'merge'));
    expect(denied.status).toBe(403);
  });

  it('a privileged, host-namespace, hostPath pod is refused by the host even for an identity that may write pods there', async () => {
    const denied = await rejection(client.create(ResourceTypes.Pod, { ...escapingPod('direct'), metadata: { name: 'direct', namespace } }));
    expect(denied.status).toBe(403);
    expect(denied.message).toMatch(/violates PodSecurity "baseline:latest"/);
    for (const field of ['host namespaces', 'privileged', 'hostPath volumes']) expect(denied.message).toContain(field);
  });

  it('an Ingress for a host outside the tenant patterns, or with a default backend, is refused on the host for every identity', async () => {
    const foreign = await rejection(client.create(ResourceTypes.Ingress, ingress('foreign', 'shop.other-tenant.apps.example.test', namespace)));
    // The policy's reason is Forbidden: the API server answers 403.
    expect(foreign.status).toBe(403);
    expect(foreign.message).toContain('ingress host shop.other-tenant.apps.example.test is not allowed in this vCluster');
    expect(foreign.message).toContain(`*.${tenant.name}.apps.example.test`);
    // A bare suffix is no sub-domain of the pattern.
    const apex = await rejection(client.create(ResourceTypes.Ingress, ingress('apex', `${tenant.name}.apps.example.test`, namespace)));
    expect(apex.status).toBe(403);
    const catchAll = await rejection(
      client.create(ResourceTypes.Ingress, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'catch-all', namespace },
        spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
      } as KubernetesObject),
    );
    expect(catchAll.status).toBe(403);
    expect(catchAll.message).toContain('a default backend is not allowed');
    // Outside vCluster namespaces the policy does not apply.
    const admin = sandboxAdmin();
    const elsewhere = await admin.apply(ingress('anything', 'shop.other-tenant.apps.example.test', 'default'), { dryRun: true });
    admin.close();
    expect(elsewhere).toBeTruthy();
  });

  it('renders the chart NetworkPolicies: workloads reach their own vCluster and public addresses only', async () => {
    const type = await client.resourceTypeOf('networking.k8s.io/v1', 'NetworkPolicy');
    const policies = await client.list<V1NetworkPolicy>(type, { namespace });
    expect(policies.items.map((p) => p.metadata?.name).sort()).toEqual([`vc-cp-${NAME}`, `vc-work-${NAME}`]);
    const work = policies.items.find((p) => p.metadata?.name === `vc-work-${NAME}`)!.spec!;
    expect(work.podSelector?.matchLabels).toEqual({ 'vcluster.loft.sh/managed-by': NAME });
    expect(work.policyTypes).toEqual(['Egress']);
    const peers = (work.egress ?? []).flatMap((rule) => rule.to ?? []);
    // No namespaceSelector: no rule names another namespace, and the private ranges are cut out.
    expect(peers.every((peer) => !peer.namespaceSelector)).toBe(true);
    const publicRange = peers.find((peer) => peer.ipBlock?.cidr === '0.0.0.0/0');
    expect(publicRange?.ipBlock?.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
  });

  describe.skipIf(!runtimeRunning())('through the vCluster own API', () => {
    let vcluster: KubeClient;
    /** The syncer's SyncError event on a virtual object in `default`, once it is there. */
    const syncErrorOn = (name: string) =>
      waitFor(
        `the SyncError event on ${name}`,
        async () => {
          const events = await vcluster.list<CoreV1Event>(ResourceTypes.Event, { namespace: 'default', fieldSelector: `involvedObject.name=${name}` });
          return events.items.find((e) => e.reason === 'SyncError');
        },
        60_000,
        500,
      );
    beforeAll(async () => {
      await waitFor('Secret vc-guarded', () => client.find(ResourceTypes.Secret, `vc-${NAME}`, namespace), 90_000, 500);
      vcluster = (await vClusterClient(deps, { tenant: tenant.name, name: NAME, actor: memberOf(tenant) }, access)).client;
    });

    it('the privileged pod stays inside: no host copy, a SyncError event says why, and the Pods tab row carries it', async () => {
      await vcluster.create(ResourceTypes.Pod, escapingPod('escape'));
      const event = await syncErrorOn('escape');
      expect(event.type).toBe('Warning');
      expect(event.message).toMatch(/^Error syncing to host cluster: create object: .*violates PodSecurity "baseline:latest"/);
      const hostPods = await client.list<V1Pod>(ResourceTypes.Pod, { namespace, labelSelector: `vcluster.loft.sh/managed-by=${NAME}` });
      expect(hostPods.items.map((p) => p.metadata?.name)).not.toContain('escape-x-default-x-guarded');

      const inside = await readVirtualPods(vcluster);
      const rows = unsyncedPodRows(inside.pods, inside.events, syncedPodRows(hostPods.items.map((p) => projectSyncedPod(p as RawObject)), NAME));
      const row = rows.find((r) => r.virtualName === 'escape');
      expect(row).toMatchObject({ synced: false, virtualNamespace: 'default' });
      expect(row?.waiting?.message).toContain('violates PodSecurity');
    });

    it('a pod within baseline syncs and runs', async () => {
      await vcluster.create(ResourceTypes.Pod, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'plain', namespace: 'default' },
        spec: { containers: [{ name: 'app', image: 'busybox' }] },
      } as V1Pod);
      await waitFor('the plain pod Running on the host', async () => {
        const pod = await client.find<V1Pod>(ResourceTypes.Pod, 'plain-x-default-x-guarded', namespace);
        return pod?.status?.phase === 'Running';
      });
    });

    it("an Ingress claiming another tenant's host stays inside with a SyncError; one under the tenant's pattern is synced", async () => {
      await vcluster.create(ResourceTypes.Ingress, ingress('claim', 'shop.other-tenant.apps.example.test'));
      await vcluster.create(ResourceTypes.Ingress, ingress('own', `shop.${tenant.name}.apps.example.test`));
      await waitFor('the allowed Ingress on the host', () => client.find(ResourceTypes.Ingress, 'own-x-default-x-guarded', namespace));
      const event = await syncErrorOn('claim');
      expect(event.message).toContain('ingress host shop.other-tenant.apps.example.test is not allowed in this vCluster');
      expect(await client.find(ResourceTypes.Ingress, 'claim-x-default-x-guarded', namespace)).toBeUndefined();
    });
  });
});
