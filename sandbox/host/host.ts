// The local host cluster: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok,
// all upstream, all on 127.0.0.1, started detached and recorded in the sandbox's state file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCertificateAuthority, ensureServiceAccountKeys, issueCertificate } from './pki';
import { freePort } from './ports';
import { kubeconfigYaml, SANDBOX_CONTEXT } from './kubeconfig-file';
import { isAlive, startDetached, stopProcesses, type RunningProcess } from './processes';
import { projectRoot, readState, sandboxDir, writeState, type SandboxState } from './state';
import { tlsGet, waitFor } from './wait';
import { applyHostObjects, waitForNodesReady } from './nodes';
import { applyKwokCrds, KWOK_CRD_KINDS, writeKwokKubeletFiles } from './kwok-kubelet';

export const SERVICE_CIDR = '10.96.0.0/16';
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** Builds (or finds in the cache) the pinned upstream binaries; returns their directory. */
export function ensureBinaries(): string {
  const output = execFileSync('bash', [join(projectRoot, 'sandbox', 'build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = output.trim().split('\n');
  return lines[lines.length - 1]!;
}

export function runningProcesses(state: SandboxState | undefined): RunningProcess[] {
  return (state?.processes ?? []).filter((p) => isAlive(p.pid));
}

export interface UpResult {
  state: SandboxState;
  alreadyRunning: boolean;
  seconds: number;
}

export interface UpOptions {
  /** Extra daemons started once the host is Ready (the vCluster runtime). */
  extraDaemons?: (state: SandboxState) => RunningProcess[] | Promise<RunningProcess[]>;
  log?: (line: string) => void;
}

export async function up(options: UpOptions = {}): Promise<UpResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = sandboxDir();
  const previous = readState(dir);
  if (previous && runningProcesses(previous).length > 0) {
    return { state: previous, alreadyRunning: true, seconds: 0 };
  }
  const started = Date.now();
  const binDir = ensureBinaries();
  rmSync(dir, { recursive: true, force: true });
  const pkiDir = join(dir, 'pki');
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const ca = ensureCertificateAuthority(pkiDir);
  const serving = issueCertificate(pkiDir, 'apiserver', ca, {
    commonName: 'kube-apiserver',
    usage: 'server',
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
    ipAddresses: ['127.0.0.1', '10.96.0.1'],
  });
  const admin = issueCertificate(pkiDir, 'admin', ca, { commonName: 'cubby-sandbox-admin', organizations: ['system:masters'], usage: 'client' });
  const controllerManager = issueCertificate(pkiDir, 'controller-manager', ca, { commonName: 'system:kube-controller-manager', usage: 'client' });
  const scheduler = issueCertificate(pkiDir, 'scheduler', ca, { commonName: 'system:kube-scheduler', usage: 'client' });
  const saKeys = ensureServiceAccountKeys(pkiDir);
  // kwok serves the kubelet API of every fake node (kwok-kubelet.ts). The API server verifies its
  // certificate against the sandbox CA (so a wrong endpoint fails loudly instead of being trusted)
  // and shows a client certificate of its own, as against a real kubelet; kwok asks for none.
  const kubeletServing = issueCertificate(pkiDir, 'kwok-kubelet', ca, { commonName: 'kwok-kubelet', usage: 'server', ipAddresses: ['127.0.0.1'] });
  const kubeletClient = issueCertificate(pkiDir, 'apiserver-kubelet-client', ca, { commonName: 'kube-apiserver-kubelet-client', usage: 'client' });
  const kwokFiles = writeKwokKubeletFiles(dir);

  const [etcdPort, etcdPeerPort, apiserverPort, kubeletPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const apiserverUrl = `https://127.0.0.1:${apiserverPort}`;
  const kubeconfig = join(dir, 'kubeconfig');
  const state: SandboxState = {
    binDir, kubeconfig, apiserverUrl, etcdUrl, pkiDir, startedAt: new Date(started).toISOString(), processes: [],
    kubeletPort, containerLog: kwokFiles.containerLog,
  };
  const launch = (name: string, args: string[]) => {
    state.processes.push(startDetached(name, join(binDir, name), args, join(logDir, `${name}.log`)));
    writeState(state, dir);
  };

  try {
    log(`sandbox: starting etcd on ${etcdUrl}`);
    launch('etcd', [
      '--name=sandbox', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=sandbox=http://127.0.0.1:${etcdPeerPort}`,
      // A throwaway cluster: durability costs more than it is worth here.
      '--unsafe-no-fsync', '--quota-backend-bytes=4294967296', '--log-level=warn',
    ]);
    await waitFor('etcd health', async () => (await fetch(`${etcdUrl}/health`)).ok, 30_000);

    log(`sandbox: starting kube-apiserver on ${apiserverUrl}`);
    launch('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`, '--bind-address=127.0.0.1', `--secure-port=${apiserverPort}`,
      '--advertise-address=127.0.0.1', `--cert-dir=${pkiDir}`,
      `--tls-cert-file=${serving.cert}`, `--tls-private-key-file=${serving.key}`, `--client-ca-file=${ca.cert}`,
      `--service-account-key-file=${saKeys.publicKey}`, `--service-account-signing-key-file=${saKeys.privateKey}`,
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`, `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--authorization-mode=Node,RBAC', '--allow-privileged=true',
      // Nodes say InternalIP 127.0.0.1 and Hostname kwok-node-X; only the first resolves.
      '--kubelet-preferred-address-types=InternalIP', `--kubelet-certificate-authority=${ca.cert}`,
      `--kubelet-client-certificate=${kubeletClient.cert}`, `--kubelet-client-key=${kubeletClient.key}`,
      // The loopback address cannot back the `kubernetes` Service's endpoints; nothing here needs them.
      '--endpoint-reconciler-type=none', '--profiling=false',
    ]);
    const adminTls = { ca: ca.cert, cert: admin.cert, key: admin.key };
    await waitFor('kube-apiserver /readyz', async () => (await tlsGet(`${apiserverUrl}/readyz`, adminTls)).status === 200, 90_000, 300);

    writeFileSync(kubeconfig, kubeconfigYaml({ clusterName: SANDBOX_CONTEXT, server: apiserverUrl, caCert: ca.cert, user: 'cubby-sandbox-admin', client: admin }), { mode: 0o600 });
    const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
    writeFileSync(kcmKubeconfig, kubeconfigYaml({ clusterName: SANDBOX_CONTEXT, server: apiserverUrl, caCert: ca.cert, user: 'system:kube-controller-manager', client: controllerManager }));
    const schedulerKubeconfig = join(dir, 'scheduler.kubeconfig');
    writeFileSync(schedulerKubeconfig, kubeconfigYaml({ clusterName: SANDBOX_CONTEXT, server: apiserverUrl, caCert: ca.cert, user: 'system:kube-scheduler', client: scheduler }));

    log('sandbox: starting kube-controller-manager, kube-scheduler and kwok');
    launch('kube-controller-manager', [
      `--kubeconfig=${kcmKubeconfig}`, `--authentication-kubeconfig=${kcmKubeconfig}`, `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1', '--secure-port=0', '--leader-elect=false',
      `--service-account-private-key-file=${saKeys.privateKey}`, `--root-ca-file=${ca.cert}`,
      `--cluster-signing-cert-file=${ca.cert}`, `--cluster-signing-key-file=${ca.key}`,
      '--use-service-account-credentials=true', '--enable-hostpath-provisioner=true',
      `--service-cluster-ip-range=${SERVICE_CIDR}`, '--profiling=false',
    ]);
    launch('kube-scheduler', [
      `--kubeconfig=${schedulerKubeconfig}`, `--authentication-kubeconfig=${schedulerKubeconfig}`, `--authorization-kubeconfig=${schedulerKubeconfig}`,
      '--bind-address=127.0.0.1', '--secure-port=0', '--leader-elect=false', '--profiling=false',
    ]);
    // kwok lists PortForwards at start; their CRD first (while the others start).
    await applyKwokCrds(kubeconfig);
    launch('kwok', [
      `--kubeconfig=${kubeconfig}`, '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--config=${join(projectRoot, 'sandbox', 'host', 'kwok-stages.yaml')}`, `--config=${kwokFiles.config}`,
      '--node-ip=127.0.0.1', '--cidr=10.244.0.0/16', '--node-lease-duration-seconds=40',
      // The kubelet API of every fake node: the node stage publishes the port as its kubelet endpoint.
      `--server-address=127.0.0.1:${kubeletPort}`, `--node-port=${kubeletPort}`,
      `--tls-cert-file=${kubeletServing.cert}`, `--tls-private-key-file=${kubeletServing.key}`,
      `--enable-crds=${KWOK_CRD_KINDS.join(',')}`,
    ]);

    await applyHostObjects(kubeconfig);
    await waitForNodesReady(kubeconfig);
    if (options.extraDaemons) {
      for (const p of await options.extraDaemons(state)) state.processes.push(p);
    }
    state.readyAt = new Date().toISOString();
    writeState(state, dir);
    return { state, alreadyRunning: false, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    log(`sandbox: start failed, stopping what was started (logs in ${logDir})`);
    await stopProcesses(state.processes);
    throw error;
  }
}

export async function down(): Promise<{ stopped: string[] }> {
  const dir = sandboxDir();
  const state = readState(dir);
  const alive = runningProcesses(state);
  await stopProcesses(alive);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  return { stopped: alive.map((p) => `${p.name} (pid ${p.pid})`) };
}
