// Kubeconfig download, the vCluster's own API (nodes) and synced pods against the sandbox. The
// parts that need a live vCluster wait for the sandbox's vCluster runtime to write Secret vc-NAME.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { runningSandbox } from '@/sandbox/testing';
import { kubeconfigDownloadSettings, downloadKubeconfig } from './kubeconfig-download';
import { createVCluster } from './provision';
import type { RawObject } from '@/lib/kube/informer';
import { projectSyncedPod } from './host-cache-projections';
import { syncedPodRows } from './synced-pods';
import { closeVClusterClients, vClusterAccessSettings, vClusterClient } from './vcluster-access';
import { virtualNodes } from './virtual-nodes';
import {
  groupMemberOf,
  memberOf,
  rejection,
  removeTenantNamespaces,
  runtimeRunning,
  sandboxDeps,
  testTemplate,
  testTenant,
  waitFor,
  waitForRunningControlPlane,
} from './lifecycle.testing';

describe('kubeconfig download and the vCluster API', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const other = testTenant();
  const namespace = `vc-${tenant.name}--kc`;
  const sandbox = { CUBBY_VCLUSTER_ACCESS: 'secret-server' };
  const tmp = mkdtempSync(join(tmpdir(), 'cubby-kubeconfig-'));
  const kubectl = (file: string, ...args: string[]) =>
    execFileSync(join(runningSandbox().binDir, 'kubectl'), ['--kubeconfig', file, ...args], { encoding: 'utf8', timeout: 30_000 });

  beforeAll(async () => {
    await createVCluster(deps, { tenant, template: testTemplate(), name: 'kc', requestedBy: 'alice', actor: 'service-account' });
    await waitForRunningControlPlane(client, namespace, 'kc');
  });

  afterAll(async () => {
    closeVClusterClients();
    await removeTenantNamespaces(client, tenant.name);
    client.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("another tenant's member gets not_found, for the kubeconfig, the nodes and a vCluster that does not exist alike", async () => {
    const settings = kubeconfigDownloadSettings(sandbox);
    const denied = await rejection(downloadKubeconfig(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(other) }, settings));
    expect(denied).toMatchObject({ status: 404, code: 'not_found' });
    const missing = await rejection(downloadKubeconfig(deps, { tenant: tenant.name, name: 'nope', actor: memberOf(other) }, settings));
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    const nodes = await rejection(virtualNodes(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(other) }, vClusterAccessSettings(sandbox)));
    expect(nodes).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refuses a token lifetime outside 10 minutes to a week with a 400', async () => {
    const error = await rejection(
      downloadKubeconfig(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(tenant), token: { expirationSeconds: 60 } }, kubeconfigDownloadSettings(sandbox)),
    );
    expect(error).toMatchObject({ status: 400, code: 'invalid_input', details: { field: 'token.expirationSeconds' } });
  });

  describe.skipIf(runtimeRunning())('without the vCluster runtime', () => {
    it('tells a member the kubeconfig is not written yet', async () => {
      const error = await rejection(downloadKubeconfig(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(tenant) }, kubeconfigDownloadSettings(sandbox)));
      expect(error).toMatchObject({ status: 409, code: 'not_ready' });
    });
  });

  describe.skipIf(!runtimeRunning())('with the vCluster runtime', () => {
    let secret: V1Secret;
    beforeAll(async () => {
      secret = await waitFor('Secret vc-kc', () => client.find<V1Secret>(ResourceTypes.Secret, 'vc-kc', namespace), 90_000, 500);
    });

    it('gives a member a kubeconfig that works with kubectl, with the server the sandbox marks reachable', async () => {
      const result = await downloadKubeconfig(deps, { tenant: tenant.name, name: 'kc', actor: groupMemberOf(tenant) }, kubeconfigDownloadSettings(sandbox));
      expect(result.strategy).toBe('explicit');
      expect(result.portForwardRequired).toBe(false);
      expect(result.contextName).toBe(`vcluster_kc_${namespace}_cubby`);
      const written = parseYaml(Buffer.from(secret.data!.config!, 'base64').toString('utf8')) as { clusters: Array<{ cluster: { server: string } }> };
      expect(result.server).toBe(written.clusters[0]!.cluster.server);
      const file = join(tmp, 'admin.yaml');
      writeFileSync(file, result.kubeconfig, { mode: 0o600 });
      expect(kubectl(file, 'get', 'ns', '-o', 'name')).toContain('namespace/kube-system');
    });

    it("an admin's server template wins, with a warning when the certificate does not name it", async () => {
      const result = await downloadKubeconfig(
        deps,
        { tenant: tenant.name, name: 'kc', actor: memberOf(tenant) },
        kubeconfigDownloadSettings({ ...sandbox, CUBBY_VCLUSTER_SERVER_OVERRIDE: 'https://{name}.{namespace}.example.com' }),
      );
      expect(result).toMatchObject({ strategy: 'explicit', server: `https://kc.${namespace}.example.com` });
      expect(result.notes.join(' ')).toContain('extraSANs');
    });

    it('without a reachable server, says a port-forward is needed and gives the command', async () => {
      const result = await downloadKubeconfig(
        deps,
        { tenant: tenant.name, name: 'kc', actor: memberOf(tenant) },
        kubeconfigDownloadSettings({ CUBBY_VCLUSTER_ACCESS: 'service-dns' }),
      );
      expect(result).toMatchObject({ strategy: 'port-forward', portForwardRequired: true, server: 'https://localhost:8443' });
      expect(result.portForwardCommand).toBe(`kubectl port-forward -n ${namespace} svc/kc 8443:443`);
    });

    it('with token: a kubeconfig with a short-lived bearer token of cubby-user, no certificate, that works', async () => {
      const result = await downloadKubeconfig(
        deps,
        { tenant: tenant.name, name: 'kc', actor: memberOf(tenant), token: { expirationSeconds: 600 } },
        kubeconfigDownloadSettings(sandbox),
      );
      const config = parseYaml(result.kubeconfig) as { users: Array<{ user: Record<string, unknown> }> };
      expect(Object.keys(config.users[0]!.user)).toEqual(['token']);
      const expires = Date.parse(result.tokenExpiresAt ?? '');
      expect(expires - Date.now()).toBeGreaterThan(500_000);
      expect(expires - Date.now()).toBeLessThan(700_000);
      const file = join(tmp, 'token.yaml');
      writeFileSync(file, result.kubeconfig, { mode: 0o600 });
      expect(kubectl(file, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}')).toBe('system:serviceaccount:kube-system:cubby-user');
      expect(kubectl(file, 'get', 'ns', '-o', 'name')).toContain('namespace/default');
      // Created once: a second download only mints a token.
      await downloadKubeconfig(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(tenant), token: { expirationSeconds: 900 } }, kubeconfigDownloadSettings(sandbox));
    });

    it('shows a fake node inside the vCluster once a pod runs, and the pod among the synced pods', async () => {
      const { client: vcluster } = await vClusterClient(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(tenant) }, vClusterAccessSettings(sandbox));
      await vcluster.create(ResourceTypes.Pod, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'hello', namespace: 'default' },
        spec: { containers: [{ name: 'hello', image: 'busybox' }] },
      } as V1Pod);
      const host = await waitFor(
        'the synced host pod Running',
        async () => {
          const pods = await client.list<V1Pod>(ResourceTypes.Pod, { namespace, labelSelector: 'vcluster.loft.sh/managed-by=kc' });
          return pods.items.find((p) => p.status?.phase === 'Running');
        },
        60_000,
      );
      const rows = syncedPodRows((await client.list<V1Pod>(ResourceTypes.Pod, { namespace })).items.map((p) => projectSyncedPod(p as RawObject)), 'kc');
      expect(rows).toEqual([
        expect.objectContaining({ virtualName: 'hello', virtualNamespace: 'default', hostName: 'hello-x-default-x-kc', status: 'Running', node: host.spec?.nodeName }),
      ]);
      const nodes = await waitFor(
        'a fake node',
        async () => {
          const list = await virtualNodes(deps, { tenant: tenant.name, name: 'kc', actor: memberOf(tenant) }, vClusterAccessSettings(sandbox));
          return list.length > 0 ? list : undefined;
        },
        30_000,
      );
      expect(nodes).toEqual([
        expect.objectContaining({
          name: host.spec?.nodeName,
          fake: true,
          ready: true,
          kubeletVersion: 'v1.19.1',
          osImage: 'Fake Kubernetes Image',
          capacity: { cpu: '16', memory: '32Gi', pods: '110' },
        }),
      ]);
    });
  });
});
