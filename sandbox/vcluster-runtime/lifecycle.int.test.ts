// One vCluster through its whole life on the sandbox host: created with helm template + apply,
// used with kubectl, paused, resumed, deleted. Expected names and values are computed here from
// vcluster-facts.md, not with the runtime's own helpers.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { runningSandbox, sandboxKubeConfig, uniqueName } from '../testing';
import { sandboxDir } from '../host/state';
import { waitFor } from '../host/wait';
import {
  connectVCluster,
  decode,
  deleteNamespace,
  deleteObjects,
  deployVCluster,
  kubeconfigFile,
  kubectl,
  pauseVCluster,
  resumeVCluster,
  virtualKubeConfig,
  waitForKubeconfigSecret,
  waitForRunningPod,
  type DeployedVCluster,
} from './testing';

const NAME = 'tenant-a';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function etcdKeyCount(prefix: string): Promise<number> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const res = await fetch(`${runningSandbox().etcdUrl}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: b64(prefix), range_end: b64(prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)), count_only: true }),
  });
  const body = (await res.json()) as { count?: string };
  return Number(body.count ?? 0);
}

describe('a vCluster on the sandbox host', () => {
  const host = sandboxKubeConfig();
  const core = host.makeApiClient(CoreV1Api);
  const namespace = uniqueName('vc-life');
  const tmp = mkdtempSync(join(tmpdir(), 'cubby-life-'));
  let vcluster: DeployedVCluster;
  let kubeconfig = '';
  let virtual: KubeConfig;

  const hostPodsOf = async () =>
    (await core.listNamespacedPod({ namespace, labelSelector: `vcluster.loft.sh/managed-by=${NAME}` })).items;

  beforeAll(async () => {
    vcluster = await deployVCluster(NAME, namespace);
  });

  afterAll(async () => {
    await deleteNamespace(host, namespace);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('publishes Secret vc-NAME within 15 s of its pod running', async () => {
    const pod = await waitForRunningPod(namespace, NAME);
    const runningAt = Date.now();
    const secret = await waitForKubeconfigSecret(namespace, NAME, 30_000);
    const seconds = (Date.now() - runningAt) / 1000;
    console.log(`vc-${NAME}: ${((Date.now() - vcluster.appliedAt) / 1000).toFixed(1)} s after apply, ${seconds.toFixed(1)} s after pod ${pod.metadata?.name} Running`);
    expect(seconds).toBeLessThan(15);

    expect(secret.metadata?.labels).toMatchObject({ app: 'vcluster', 'vcluster-name': NAME });
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['certificate-authority', 'client-certificate', 'client-key', 'config', 'token']);
    expect(secret.metadata?.annotations?.['sandbox.cubby.dev/server']).toBe('reachable');
    virtual = virtualKubeConfig(secret);
    expect(virtual.getCurrentCluster()?.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    kubeconfig = kubeconfigFile(secret, tmp);
    expect(kubectl(kubeconfig, ['get', 'namespaces', '-o', 'name'])).toContain('namespace/kube-system');
    // The token key is a working admin credential too.
    const caFile = join(tmp, 'ca.crt');
    writeFileSync(caFile, decode(secret, 'certificate-authority'));
    const server = virtual.getCurrentCluster()!.server;
    const asToken = kubectl('/dev/null', ['--server', server, '--certificate-authority', caFile, '--token', decode(secret, 'token'), 'auth', 'can-i', '*', '*']);
    expect(asToken.trim()).toBe('yes');
  });

  it('runs a Deployment created with kubectl: a Running host pod named, labelled and annotated as the facts say', async () => {
    kubectl(kubeconfig, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=1']);
    let hostPod: V1Pod | undefined;
    await waitFor('the host pod Running', async () => {
      hostPod = (await hostPodsOf()).find((p) => p.metadata?.labels?.app === 'web' && p.status?.phase === 'Running');
      return hostPod !== undefined;
    }, 60_000);
    const vcore = virtual.makeApiClient(CoreV1Api);
    const vPod = (await vcore.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })).items[0]!;
    const vName = vPod.metadata!.name!;

    expect(hostPod!.metadata?.name).toBe(`${vName}-x-default-x-${NAME}`);
    expect(hostPod!.metadata?.labels).toMatchObject({
      app: 'web',
      'pod-template-hash': vPod.metadata?.labels?.['pod-template-hash'],
      'vcluster.loft.sh/managed-by': NAME,
      'vcluster.loft.sh/namespace': 'default',
    });
    expect(hostPod!.metadata?.annotations).toMatchObject({
      'vcluster.loft.sh/object-name': vName,
      'vcluster.loft.sh/object-namespace': 'default',
      'vcluster.loft.sh/object-uid': vPod.metadata?.uid,
      'vcluster.loft.sh/object-kind': '/v1, Kind=Pod',
      'vcluster.loft.sh/name': vName,
      'vcluster.loft.sh/namespace': 'default',
      'vcluster.loft.sh/uid': vPod.metadata?.uid,
      'vcluster.loft.sh/service-account-name': 'default',
    });
    const sts = await host.makeApiClient(AppsV1Api).readNamespacedStatefulSet({ name: NAME, namespace });
    expect(hostPod!.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: NAME, uid: sts.metadata?.uid }),
    ]);
    expect(hostPod!.spec?.serviceAccountName).toBe(`vc-workload-${NAME}`);
    // The virtual service-account token is meaningless on the host.
    expect(hostPod!.spec?.volumes ?? []).not.toContainEqual(expect.objectContaining({ projected: expect.anything() }));

    await waitFor('the virtual pod Running on the host pod\'s node', async () => {
      const pod = await vcore.readNamespacedPod({ name: vName, namespace: 'default' });
      return pod.status?.phase === 'Running' && pod.spec?.nodeName === hostPod!.spec?.nodeName && pod.status?.podIP === hostPod!.status?.podIP;
    }, 30_000);
    const out = kubectl(kubeconfig, ['get', 'pod', vName, '-o', 'jsonpath={.status.phase} {.status.conditions[?(@.type=="Ready")].status}']);
    expect(out).toBe('Running True');
  });

  it('shows a fake node named after the host node while a pod runs there, and drops it after scaling to 0', async () => {
    const hostPod = (await hostPodsOf()).find((p) => p.metadata?.labels?.app === 'web')!;
    const nodeName = hostPod.spec!.nodeName!;
    const names = kubectl(kubeconfig, ['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
    expect(names).toEqual([nodeName]);

    const node = await virtual.makeApiClient(CoreV1Api).readNode({ name: nodeName });
    expect(node.metadata?.labels).toMatchObject({ 'vcluster.loft.sh/fake-node': 'true', 'kubernetes.io/hostname': `fake-${nodeName}` });
    expect(node.status?.nodeInfo?.osImage).toBe('Fake Kubernetes Image');
    expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.19.1');
    expect(node.status?.capacity).toMatchObject({ cpu: '16', memory: '32Gi', pods: '110' });
    expect(node.spec?.taints ?? []).toEqual([]);
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const nodeService = await core.readNamespacedService({ name: `${NAME}-node-${nodeName}`, namespace });
    expect(nodeService.metadata?.labels).toMatchObject({ 'vcluster.loft.sh/belongs-to': NAME, 'vcluster.loft.sh/node': nodeName });
    expect(node.status?.addresses).toEqual([
      { type: 'Hostname', address: `${nodeName}.nodes.vcluster.com` },
      { type: 'InternalIP', address: nodeService.spec?.clusterIP },
    ]);

    kubectl(kubeconfig, ['scale', 'deployment', 'web', '--replicas=0']);
    await waitFor('the fake node and its Service gone', async () => {
      const nodes = kubectl(kubeconfig, ['get', 'nodes', '-o', 'name']).trim();
      const services = await core.listNamespacedService({ namespace, labelSelector: `vcluster.loft.sh/belongs-to=${NAME}` });
      return nodes === '' && services.items.length === 0 && (await hostPodsOf()).length === 0;
    }, 30_000);
  });

  it('gives a virtual name too long for the host the hashed host name', async () => {
    const podName = `a-rather-long-pod-name-that-needs-hashing-${'x'.repeat(12)}`;
    kubectl(kubeconfig, ['run', podName, '--image=busybox', '--restart=Never', '--labels=purpose=hashing']);
    const full = `${podName}-x-default-x-${NAME}`;
    expect(full.length).toBeGreaterThan(63);
    const expected = `${full.slice(0, 52)}-${sha256Hex(full).slice(0, 10)}`;
    await waitFor(`host pod ${expected}`, async () => {
      const pod = await core.readNamespacedPod({ name: expected, namespace });
      return pod.status?.phase === 'Running';
    }, 30_000);
    const pod = await core.readNamespacedPod({ name: expected, namespace });
    expect(pod.metadata?.name).toHaveLength(63);
    expect(pod.metadata?.annotations?.['vcluster.loft.sh/object-name']).toBe(podName);
    kubectl(kubeconfig, ['delete', 'pod', podName, '--wait=false']);
    await waitFor('the hashed host pod gone with its virtual pod', async () =>
      (await core.readNamespacedPod({ name: expected, namespace }).then(() => 200, (e: { code?: number }) => e.code)) === 404, 30_000);
  });

  it('syncs a Service with its selector pointed at the host copies of the pods', async () => {
    kubectl(kubeconfig, ['create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
    const expected = `web-x-default-x-${NAME}`;
    await waitFor(`host Service ${expected}`, async () => {
      await core.readNamespacedService({ name: expected, namespace });
      return true;
    }, 30_000);
    const service = await core.readNamespacedService({ name: expected, namespace });
    expect(service.spec?.selector).toEqual({ app: 'web', 'vcluster.loft.sh/managed-by': NAME, 'vcluster.loft.sh/namespace': 'default' });
    expect(service.spec?.ports?.[0]).toMatchObject({ port: 80, targetPort: 8080 });
    expect(service.metadata?.labels).toMatchObject({ 'vcluster.loft.sh/managed-by': NAME, 'vcluster.loft.sh/namespace': 'default' });
    expect(service.metadata?.annotations).toMatchObject({ 'vcluster.loft.sh/object-name': 'web', 'vcluster.loft.sh/object-kind': '/v1, Kind=Service' });
  });

  it('pause stops the control plane and removes the synced pods; resume starts it again with its data', async () => {
    kubectl(kubeconfig, ['scale', 'deployment', 'web', '--replicas=2']);
    await waitFor('2 Running host pods', async () => (await hostPodsOf()).filter((p) => p.status?.phase === 'Running').length === 2, 60_000);
    const before = await core.readNamespacedSecret({ name: `vc-${NAME}`, namespace });

    await pauseVCluster(namespace, NAME);
    await waitFor('host pods and node Services gone, virtual API server down', async () => {
      const services = await core.listNamespacedService({ namespace, labelSelector: `vcluster.loft.sh/belongs-to=${NAME}` });
      const apiDown = await virtual.makeApiClient(CoreV1Api).listNamespace().then(() => false, () => true);
      return (await hostPodsOf()).length === 0 && services.items.length === 0 && apiDown;
    }, 60_000);
    // The kubeconfig stays published while paused, as the real one does.
    await core.readNamespacedSecret({ name: `vc-${NAME}`, namespace });
    // The virtual Service's host copy is not a workload; it stays.
    await core.readNamespacedService({ name: `web-x-default-x-${NAME}`, namespace });

    await resumeVCluster(namespace, NAME);
    await waitForRunningPod(namespace, NAME);
    const { secret: after, kc: resumed } = await connectVCluster(namespace, NAME);
    // Data kept: the Deployment made before the pause is still there and runs again.
    const deployment = await resumed.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'web', namespace: 'default' });
    expect(deployment.spec?.replicas).toBe(2);
    await waitFor('2 Running host pods after resume', async () => (await hostPodsOf()).filter((p) => p.status?.phase === 'Running').length === 2, 60_000);
    // The same certificates: a kubeconfig handed out before the pause still authenticates.
    expect(decode(after, 'certificate-authority')).toBe(decode(before, 'certificate-authority'));
    virtual = resumed;
  });

  it('delete leaves nothing behind: no pods, secrets, services, node services or etcd keys', async () => {
    const prefix = `/cubby-vcluster/${namespace}/${NAME}/`;
    expect(await etcdKeyCount(prefix)).toBeGreaterThan(0);
    await deleteObjects(host, vcluster.objects);
    await waitFor('everything the vCluster made gone', async () => {
      const pods = await hostPodsOf();
      const secrets = (await core.listNamespacedSecret({ namespace })).items.filter((s) => s.metadata?.name === `vc-${NAME}`);
      const synced = await core.listNamespacedService({ namespace, labelSelector: `vcluster.loft.sh/managed-by=${NAME}` });
      const nodeServices = await core.listNamespacedService({ namespace, labelSelector: `vcluster.loft.sh/belongs-to=${NAME}` });
      return pods.length === 0 && secrets.length === 0 && synced.items.length === 0 && nodeServices.items.length === 0;
    }, 60_000);
    await waitFor('the etcd prefix empty', async () => (await etcdKeyCount(prefix)) === 0, 30_000);
    const remaining = (await core.listNamespacedService({ namespace })).items.map((s) => s.metadata?.name);
    expect(remaining).toEqual([]);
    expect(existsSync(join(sandboxDir(), 'vclusters', namespace, NAME))).toBe(false);
  });
});
