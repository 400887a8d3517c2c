// One virtual control plane: kube-apiserver and kube-controller-manager from the sandbox's
// binaries, on a loopback port, storing into the host etcd under the vCluster's own prefix.
// There is no scheduler, as in a real vCluster: the syncer binds virtual pods to the node the
// host scheduler chose for their host copies.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../host/ports';
import { kubeconfigYaml } from '../host/kubeconfig-file';
import { tlsGet, waitFor } from '../host/wait';
import { SERVICE_ACCOUNT_ISSUER, SERVICE_CIDR } from '../host/host';
import { startChild, stopChild, type Child } from './child-process';
import { etcdPrefix } from './etcd-prefix';
import type { VClusterPki } from './vcluster-pki';

export interface ControlPlaneOptions {
  binDir: string;
  /** The vCluster's state directory (certificates, port, kubeconfigs). */
  dir: string;
  logDir: string;
  name: string;
  namespace: string;
  etcdUrl: string;
  pki: VClusterPki;
  /** --egress-selector-config-file: how the API server reaches nodes' kubelets (kubelet-proxy.ts). */
  egressSelectorConfig?: string;
  /** Called when a component dies without being asked to. */
  onCrash: (component: string, code: number | string | null) => void;
}

// Controllers that need real kubelets, a cloud, or do work the host does for synced objects:
// without kubelets node-lifecycle would mark every node NotReady and evict every pod; volumes
// and load balancers belong to the host side. The real vCluster disables the same kind.
const DISABLED_CONTROLLERS = [
  'node-lifecycle-controller',
  'node-ipam-controller',
  'cloud-node-lifecycle-controller',
  'node-route-controller',
  'service-lb-controller',
  'persistentvolume-binder-controller',
  'persistentvolume-attach-detach-controller',
  'persistentvolume-expander-controller',
  'ttl-controller',
  'taint-eviction-controller',
  'device-taint-eviction-controller',
];

const READY_TIMEOUT_MS = 90_000;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export class ControlPlane {
  private apiserver: Child | undefined;
  private controllerManager: Child | undefined;
  port = 0;

  constructor(private readonly options: ControlPlaneOptions) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Process ids of the running components (for memory figures). */
  pids(): number[] {
    return [this.apiserver, this.controllerManager].flatMap((c) => (c?.process.pid ? [c.process.pid] : []));
  }

  /** Keeps the port of the last run when it is still free, so handed-out kubeconfigs stay valid. */
  private async choosePort(): Promise<number> {
    const file = join(this.options.dir, 'port');
    const previous = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
    const port = previous > 0 && (await portIsFree(previous)) ? previous : await freePort();
    writeFileSync(file, String(port));
    return port;
  }

  async start(): Promise<void> {
    const { binDir, dir, logDir, name, namespace, etcdUrl, pki, onCrash, egressSelectorConfig } = this.options;
    this.port = await this.choosePort();
    const logName = (component: string) => join(logDir, `vcluster-${namespace}-${name}-${component}.log`);

    this.apiserver = startChild('kube-apiserver', join(binDir, 'kube-apiserver'), [
      `--etcd-servers=${etcdUrl}`, `--etcd-prefix=${etcdPrefix(namespace, name)}`,
      '--bind-address=127.0.0.1', `--secure-port=${this.port}`, '--advertise-address=127.0.0.1',
      `--cert-dir=${dir}`, `--tls-cert-file=${pki.serving.cert}`, `--tls-private-key-file=${pki.serving.key}`,
      `--client-ca-file=${pki.ca.cert}`, `--token-auth-file=${pki.tokenFile}`,
      `--service-account-key-file=${pki.serviceAccount.publicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccount.privateKey}`,
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      // The host's range: a synced Service's ClusterIP is the host's, so both must agree.
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--authorization-mode=RBAC', '--allow-privileged=true',
      '--endpoint-reconciler-type=none', '--profiling=false',
      // The host API server already compacts the shared etcd; one compactor is enough.
      '--etcd-compaction-interval=0', '--etcd-count-metric-poll-period=0',
      // A single-tenant API server needs no fairness queues; skipping them saves memory and start time.
      '--enable-priority-and-fairness=false',
      ...(egressSelectorConfig ? [`--egress-selector-config-file=${egressSelectorConfig}`] : []),
    ], logName('kube-apiserver'), (code) => onCrash('kube-apiserver', code));

    const adminTls = { ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key };
    const apiserver = this.apiserver;
    await waitFor(`virtual kube-apiserver of ${namespace}/${name} /readyz`, async () => {
      if (apiserver.process.exitCode !== null) throw new Error(`kube-apiserver exited with ${apiserver.process.exitCode}; see ${logName('kube-apiserver')}`);
      return (await tlsGet(`${this.url}/readyz`, adminTls)).status === 200;
    }, READY_TIMEOUT_MS, 150);

    const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
    writeFileSync(kcmKubeconfig, kubeconfigYaml({
      clusterName: name, server: this.url, caCert: pki.ca.cert,
      user: 'system:kube-controller-manager', client: pki.controllerManager,
    }), { mode: 0o600 });
    this.controllerManager = startChild('kube-controller-manager', join(binDir, 'kube-controller-manager'), [
      `--kubeconfig=${kcmKubeconfig}`, `--authentication-kubeconfig=${kcmKubeconfig}`, `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1', '--secure-port=0', '--leader-elect=false',
      `--service-account-private-key-file=${pki.serviceAccount.privateKey}`, `--root-ca-file=${pki.ca.cert}`,
      `--cluster-signing-cert-file=${pki.ca.cert}`, `--cluster-signing-key-file=${pki.ca.key}`,
      '--use-service-account-credentials=true',
      `--controllers=*,${DISABLED_CONTROLLERS.map((c) => `-${c}`).join(',')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`, '--profiling=false',
      '--kube-api-qps=50', '--kube-api-burst=100',
    ], logName('kube-controller-manager'), (code) => onCrash('kube-controller-manager', code));
  }

  /** Controller-manager first, so it does not act on a half-stopped API server. */
  async stop(): Promise<void> {
    if (this.controllerManager) await stopChild(this.controllerManager);
    if (this.apiserver) await stopChild(this.apiserver);
    this.controllerManager = undefined;
    this.apiserver = undefined;
  }
}
