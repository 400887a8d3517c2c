// The host's pods/portforward as Cubby's way into a vCluster from outside the cluster, against the
// sandbox: kwok answers the host API server as the nodes' kubelet and the vCluster runtime points
// port 8443 of each control-plane pod at its API server (sandbox/host/kwok-kubelet.ts).
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { runningSandbox, uniqueName } from '@/sandbox/testing';
import { pauseVCluster, resumeVCluster } from '@/sandbox/vcluster-runtime/testing';
import { openPodPortForward, podPortForwardConnector } from './pod-port-forward';
import { createVCluster } from './provision';
import { closeVClusterClients, controlPlanePodTarget, vClusterClient } from './vcluster-access';
import {
  rejection,
  removeTenantNamespaces,
  runtimeRunning,
  sandboxAdmin,
  sandboxDeps,
  testTemplate,
  testTenant,
  waitFor,
  waitForRunningControlPlane,
} from './lifecycle.testing';

const decode = (secret: V1Secret, key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64');

function readOnce(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    stream.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8')));
    stream.once('error', reject);
  });
}

function getVersion(secret: V1Secret, connector: ReturnType<typeof podPortForwardConnector>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: 'localhost',
        path: '/version',
        ca: decode(secret, 'certificate-authority'),
        cert: decode(secret, 'client-certificate'),
        key: decode(secret, 'client-key'),
        createConnection: connector as never,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error('GET /version: no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!runtimeRunning())('pod port-forward through the host API server', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const admin = sandboxAdmin();
  const tenant = testTenant();
  const namespace = `vc-${tenant.name}--pf`;
  const elsewhere = uniqueName('pf-elsewhere');
  let secret: V1Secret;

  beforeAll(async () => {
    await createVCluster(deps, { tenant, template: testTemplate(), name: 'pf', requestedBy: 'alice', actor: 'service-account' });
    await waitForRunningControlPlane(client, namespace, 'pf');
    secret = await waitFor('Secret vc-pf', () => client.find<V1Secret>(ResourceTypes.Secret, 'vc-pf', namespace), 90_000, 250);
    // A namespace Cubby has no rights in, with a running pod of its own.
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: elsewhere } });
    await waitFor('service account default', () => admin.find(ResourceTypes.ServiceAccount, 'default', elsewhere), 30_000);
    const pod: V1Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: elsewhere }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    await admin.create(ResourceTypes.Pod, pod);
    await waitFor('pod web Running', async () => (await admin.find<{ status?: { phase?: string } }>(ResourceTypes.Pod, 'web', elsewhere))?.status?.phase === 'Running', 30_000);
  });

  afterAll(async () => {
    closeVClusterClients();
    await removeTenantNamespaces(client, tenant.name);
    await admin.delete(ResourceTypes.Namespace, elsewhere);
    client.close();
    admin.close();
  });

  it("reaches the vCluster's API server on the control-plane pod's 8443, TLS with the Secret's credentials inside", async () => {
    const target = await controlPlanePodTarget(client, { tenant: tenant.name, name: 'pf', namespace });
    expect(target).toEqual({ namespace, pod: 'pf-0', port: 8443 });
    const res = await getVersion(secret, podPortForwardConnector(client, target));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ gitVersion: expect.stringMatching(/^v1\.36\./) });
  });

  it('as an access strategy: the vCluster sees its own admin, not an anonymous request as through the service proxy', async () => {
    const { client: vcluster } = await vClusterClient(deps, { tenant: tenant.name, name: 'pf', actor: 'service-account' }, { strategy: 'pod-port-forward' });
    const review = await vcluster.request<{ status: { userInfo: { username: string; groups: string[] } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.status.userInfo.groups).toContain('system:masters');
    const namespaces = await vcluster.list(ResourceTypes.Namespace);
    expect(namespaces.items.length).toBeGreaterThan(0);
  });

  it('opens a tunnel and a TLS session in well under a second (p50 of 20, printed beside a direct TLS connection)', async () => {
    const target = await controlPlanePodTarget(client, { tenant: tenant.name, name: 'pf', namespace });
    const ca = decode(secret, 'certificate-authority');
    // The sandbox's Secret names the API server's own loopback address.
    const config = parseYaml(decode(secret, 'config').toString('utf8')) as { clusters: { cluster: { server: string } }[] };
    const direct = new URL(config.clusters[0]!.cluster.server);
    const handshake = (socket: ReturnType<typeof tlsConnect>) =>
      new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
    const p50Of20 = async (open: () => Promise<ReturnType<typeof tlsConnect>>) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const socket = await open();
        await handshake(socket);
        times.push(performance.now() - started);
        socket.destroy();
      }
      times.sort((a, b) => a - b);
      return { p50: times[10]!, min: times[0]!, max: times[19]! };
    };
    const tunnelled = await p50Of20(async () => tlsConnect({ socket: await openPodPortForward(client, target), servername: 'localhost', ca }));
    const plain = await p50Of20(async () => tlsConnect({ host: direct.hostname, port: Number(direct.port), servername: 'localhost', ca }));
    const ms = (t: { p50: number; min: number; max: number }) => `p50 ${t.p50.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
    console.log(`tunnel + TLS handshake ${ms(tunnelled)}; direct TLS handshake ${ms(plain)}`);
    expect(tunnelled.p50).toBeLessThan(1000);
  });

  it("the sandbox's kubectl port-forward on the host reaches the vCluster too", async () => {
    const state = runningSandbox();
    const child = spawn(join(state.binDir, 'kubectl'), ['--kubeconfig', state.kubeconfig, 'port-forward', '-n', namespace, 'pod/pf-0', ':8443']);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let seen = '';
        child.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString('utf8');
          const match = /127\.0\.0\.1:(\d+)/.exec(seen);
          if (match) resolve(Number(match[1]));
        });
        child.once('exit', (code) => reject(new Error(`kubectl port-forward exited with ${code}`)));
      });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/version', servername: 'localhost', ca: decode(secret, 'certificate-authority') }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    } finally {
      child.kill();
    }
  });

  it('a pod that does not exist: 404 from the host, naming the pod', async () => {
    const error = await rejection(openPodPortForward(client, { namespace, pod: 'nope-0', port: 8443 }));
    expect(error).toBeInstanceOf(KubeError);
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toContain('nope-0');
  });

  it("a namespace where Cubby may not port-forward: the host's 403 comes through", async () => {
    const error = await rejection(openPodPortForward(client, { namespace: elsewhere, pod: 'web', port: 80 }));
    expect(error).toBeInstanceOf(KubeError);
    expect(error).toMatchObject({ status: 403 });
    expect(error.message).toContain('pods/portforward');
  });

  it('any other pod port is an echo in the sandbox; a port the vCluster pod does not forward fails with a clear error', async () => {
    const echo = await openPodPortForward(admin, { namespace: elsewhere, pod: 'web', port: 80 });
    echo.write('ping\n');
    expect(await readOnce(echo)).toBe('ping\n');
    echo.destroy();

    const stream = await openPodPortForward(client, { namespace, pod: 'pf-0', port: 9999 }).catch((e: Error) => e);
    const error = stream instanceof Error ? stream : await new Promise<Error>((resolve) => stream.once('error', resolve));
    expect(error.message).toMatch(/port-forward to pod .*pf-0 port 9999 failed: .*9999/);
  });

  // Last: it takes the vCluster down for a while.
  it('paused, there is no pod to forward to (409 not_ready); resumed, the new pod forwards again', async () => {
    const ref = { tenant: tenant.name, name: 'pf', namespace };
    await pauseVCluster(namespace, 'pf');
    await waitFor('pod pf-0 gone', async () => !(await admin.find(ResourceTypes.Pod, 'pf-0', namespace)), 60_000);
    expect(await rejection(controlPlanePodTarget(client, ref))).toMatchObject({ status: 409, code: 'not_ready' });
    await resumeVCluster(namespace, 'pf');
    const connector = podPortForwardConnector(client, () => controlPlanePodTarget(client, ref));
    // Until the runtime has the new API server up, 8443 of the new pod refuses (or the pod is not there yet).
    const res = await waitFor('/version through the resumed pod', async () => (await getVersion(secret, connector)).status === 200, 90_000, 500);
    expect(res).toBe(true);
  });
});
