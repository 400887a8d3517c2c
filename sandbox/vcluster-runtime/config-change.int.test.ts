// Sync options follow the config the way the real vCluster does: a changed vc-config-NAME rolls
// the pod (its config hash changed) and the vCluster restarts with the new config. Ingress sync
// is the option under test: off, an Ingress stays inside; on, it appears in the host namespace;
// off again, its host copy is removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '../testing';
import { waitFor, sleep } from '../host/wait';
import {
  connectVCluster,
  deleteNamespace,
  deployVCluster,
  kubeconfigFile,
  kubectl,
  upgradeVCluster,
  waitForRunningPod,
  type DeployedVCluster,
} from './testing';

const NAME = 'shop';
const ingressSync = (enabled: boolean) => ({ sync: { toHost: { ingresses: { enabled } } } });

describe('a vCluster whose ingress sync is switched', () => {
  const host = sandboxKubeConfig();
  const core = host.makeApiClient(CoreV1Api);
  const networking = host.makeApiClient(NetworkingV1Api);
  const namespace = uniqueName('vc-config');
  const tmp = mkdtempSync(join(tmpdir(), 'cubby-config-'));
  const hostIngress = `web-x-default-x-${NAME}`;
  let vcluster: DeployedVCluster;
  let kubeconfig = '';

  const hostIngresses = async () => (await networking.listNamespacedIngress({ namespace })).items.map((i) => i.metadata?.name);

  /** Applies new values and waits until a new pod runs and its vCluster answers. */
  async function switchTo(enabled: boolean): Promise<void> {
    const before = await waitForRunningPod(namespace, NAME);
    await upgradeVCluster(vcluster, ingressSync(enabled));
    await waitFor('the vCluster pod replaced', async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=vcluster,release=${NAME}` });
      return pods.items.some((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && p.metadata?.uid !== before.metadata?.uid);
    }, 60_000);
    const { secret } = await connectVCluster(namespace, NAME);
    kubeconfig = kubeconfigFile(secret, tmp);
  }

  beforeAll(async () => {
    vcluster = await deployVCluster(NAME, namespace, ingressSync(false));
    const { secret } = await connectVCluster(namespace, NAME);
    kubeconfig = kubeconfigFile(secret, tmp);
  });

  afterAll(async () => {
    await deleteNamespace(host, namespace);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('with ingress sync off, an Ingress created inside does not appear in the host namespace', async () => {
    kubectl(kubeconfig, ['create', 'service', 'clusterip', 'web', '--tcp=80:80']);
    kubectl(kubeconfig, ['create', 'ingress', 'web', '--rule=shop.example.com/*=web:80']);
    // The Service's host copy shows the syncers have seen both objects.
    await waitFor('the Service synced', async () => {
      await core.readNamespacedService({ name: `web-x-default-x-${NAME}`, namespace });
      return true;
    }, 30_000);
    await sleep(2_000);
    expect(await hostIngresses()).toEqual([]);
  });

  it('with ingress sync on (config changed, pod rolled), the Ingress appears in the host namespace', async () => {
    await switchTo(true);
    await waitFor(`host Ingress ${hostIngress}`, async () => (await hostIngresses()).includes(hostIngress), 30_000);
    const ingress = await networking.readNamespacedIngress({ name: hostIngress, namespace });
    const path = ingress.spec?.rules?.[0]?.http?.paths?.[0];
    expect(ingress.spec?.rules?.[0]?.host).toBe('shop.example.com');
    expect(path?.backend.service?.name).toBe(`web-x-default-x-${NAME}`);
    expect(ingress.metadata?.labels).toMatchObject({ 'vcluster.loft.sh/managed-by': NAME, 'vcluster.loft.sh/namespace': 'default' });
    expect(ingress.metadata?.annotations).toMatchObject({
      'vcluster.loft.sh/object-name': 'web',
      'vcluster.loft.sh/object-namespace': 'default',
      'vcluster.loft.sh/object-kind': 'networking.k8s.io/v1, Kind=Ingress',
    });
    // Data survived the restart: the Ingress is the one created before it.
    expect(kubectl(kubeconfig, ['get', 'ingress', 'web', '-o', 'jsonpath={.spec.rules[0].host}'])).toBe('shop.example.com');
  });

  it('with ingress sync off again, the host copy is removed and a new Ingress stays inside', async () => {
    await switchTo(false);
    await waitFor('the host Ingress removed', async () => (await hostIngresses()).length === 0, 30_000);
    kubectl(kubeconfig, ['create', 'ingress', 'other', '--rule=other.example.com/*=web:80']);
    await sleep(2_000);
    expect(await hostIngresses()).toEqual([]);
  });
});
