// One running vCluster: what its pod would run. Starts the virtual control plane, publishes
// Secret vc-NAME as soon as the API server is ready, then runs the syncers until stopped.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { SandboxState } from '../host/state';
import { ControlPlane } from './control-plane';
import { publishControlPlanePortForward, removeControlPlanePortForward } from './control-plane-port-forward';
import { KubeletProxy } from './kubelet-proxy';
import { deleteEtcdPrefix, etcdPrefix } from './etcd-prefix';
import type { Node } from './fake-node';
import { Informer } from './informer';
import { INGRESS_GROUP_VERSION, ingressKind, removeSyncedIngresses, type Ingress } from './ingress-syncer';
import { KubeClient, resourcePath, type KubeObject } from './kube-client';
import { kubeconfigSecret, writeKubeconfigSecret, type Secret } from './kubeconfig-secret';
import { NodeSyncer } from './node-syncer';
import { PodSyncer } from './pod-syncer';
import type { Pod } from './pod-translator';
import { serviceKind, type Service } from './service-syncer';
import { MANAGED_BY_LABEL, type OwnerReference, type SyncContext } from './sync-context';
import { SyncEventRecorder } from './sync-events';
import { ToHostSyncer } from './to-host-syncer';
import { parseVClusterConfig, type VClusterConfig } from './vcluster-config';
import { ensureVClusterPki, type VClusterPki } from './vcluster-pki';

export interface VirtualClusterDeps {
  host: KubeClient;
  state: SandboxState;
  /** `<sandboxDir>/vclusters`; each vCluster keeps its state in NS/NAME below it. */
  vclustersDir: string;
  logDir: string;
  log: (line: string) => void;
  /** A control-plane component died on its own; the runtime restarts the vCluster. */
  onCrash: () => void;
}

const RESYNC_MS = 30_000;
const DEFAULT_CONTEXT = 'Default';

export function vclusterDir(vclustersDir: string, namespace: string, name: string): string {
  return join(vclustersDir, namespace, name);
}

interface Runnable {
  start(): void;
  stop(): void;
}

export class VirtualCluster {
  readonly dir: string;
  private controlPlane: ControlPlane | undefined;
  private kubeletProxy: KubeletProxy | undefined;
  private virtual: KubeClient | undefined;
  private informers: { start(): Promise<void>; stop(): void }[] = [];
  private syncers: Runnable[] = [];
  private events: SyncEventRecorder | undefined;
  private stopped = false;
  failed = false;
  config: VClusterConfig | undefined;
  /** When Secret vc-NAME was written (ms since epoch). */
  secretWrittenAt: number | undefined;

  constructor(
    private readonly deps: VirtualClusterDeps,
    readonly name: string,
    readonly namespace: string,
    /** The host pod this run stands in for; a new pod (config rollout) means a restart. */
    readonly podUid: string,
    readonly owner: OwnerReference,
    readonly podName: string,
  ) {
    this.dir = vclusterDir(deps.vclustersDir, namespace, name);
  }

  private log(line: string): void {
    this.deps.log(`vcluster ${this.namespace}/${this.name}: ${line}`);
  }

  pids(): number[] {
    return this.controlPlane?.pids() ?? [];
  }

  async start(): Promise<void> {
    const { host, state } = this.deps;
    const { name, namespace } = this;
    mkdirSync(this.dir, { recursive: true });

    const configSecret = await host.get<Secret>(resourcePath('v1', 'secrets', namespace, `vc-config-${name}`));
    const configText = configSecret?.data?.['config.yaml'];
    if (!configText) this.log(`no config.yaml in Secret vc-config-${name}; using the chart defaults`);
    const config = parseVClusterConfig(configText ? Buffer.from(configText, 'base64').toString('utf8') : undefined, name);
    this.config = config;

    await this.forgetDataOfEarlierPod();

    const service = await host.get<Service>(resourcePath('v1', 'services', namespace, name));
    const pki = ensureVClusterPki(this.dir, { name, namespace, serviceIP: service?.spec?.clusterIP, extraSANs: config.extraSANs });

    this.kubeletProxy = new KubeletProxy({ host, name, namespace, dir: this.dir, serving: pki.serving, log: (line) => this.log(line) });
    await this.kubeletProxy.start();
    this.controlPlane = new ControlPlane({
      binDir: state.binDir,
      dir: this.dir,
      logDir: this.deps.logDir,
      name,
      namespace,
      etcdUrl: state.etcdUrl,
      pki,
      egressSelectorConfig: this.kubeletProxy.egressConfig,
      onCrash: (component, code) => {
        if (this.stopped) return;
        this.log(`${component} exited with ${code}; restarting the vCluster`);
        this.failed = true;
        this.deps.onCrash();
      },
    });
    const started = Date.now();
    await this.controlPlane.start();
    if (this.stopped) return;

    // Before the Secret: whoever sees the Secret may port-forward to the pod at once.
    await publishControlPlanePortForward(host, { name: this.podName, namespace, uid: this.podUid }, this.controlPlane.port);
    await writeKubeconfigSecret(host, kubeconfigSecret({
      name, namespace, owner: this.owner, pki,
      server: this.controlPlane.url,
      context: config.exportKubeConfig.context || DEFAULT_CONTEXT,
    }));
    this.secretWrittenAt = Date.now();
    this.log(`API server ready on ${this.controlPlane.url}; Secret vc-${name} written ${((this.secretWrittenAt - started) / 1000).toFixed(1)} s after start`);

    this.virtual = await KubeClient.fromKubeConfig(this.adminKubeConfig(pki, this.controlPlane.url));
    await this.startSyncers(config);
  }

  /**
   * Without a PVC (the chart then renders a Deployment) the real control plane keeps its data in
   * an emptyDir, which a new pod starts without. Same here: a new pod of a Deployment starts
   * from an empty etcd prefix. A restart of the runtime for the same pod keeps the data.
   */
  private async forgetDataOfEarlierPod(): Promise<void> {
    const file = join(this.dir, 'pod-uid');
    const previous = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (this.owner.kind === 'Deployment' && previous && previous !== this.podUid) {
      const deleted = await deleteEtcdPrefix(this.deps.state.etcdUrl, etcdPrefix(this.namespace, this.name));
      this.log(`new pod without a persistent volume: starting from empty data (${deleted} keys dropped)`);
    }
    writeFileSync(file, this.podUid);
  }

  private adminKubeConfig(pki: VClusterPki, server: string): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: this.name, server, caFile: pki.ca.cert, skipTLSVerify: false }],
      users: [{ name: 'admin', certFile: pki.admin.cert, keyFile: pki.admin.key }],
      contexts: [{ name: this.name, cluster: this.name, user: 'admin' }],
      currentContext: this.name,
    });
    return kc;
  }

  private informer<T extends KubeObject>(client: KubeClient, path: string, label: string, labelSelector?: string): Informer<T> {
    const informer = new Informer<T>(client, path, {
      name: label,
      labelSelector,
      resyncMs: RESYNC_MS,
      log: (line) => this.log(line),
    });
    this.informers.push(informer);
    return informer;
  }

  private async startSyncers(config: VClusterConfig): Promise<void> {
    const { host } = this.deps;
    const virtual = this.virtual!;
    const { name, namespace } = this;
    this.events = new SyncEventRecorder(virtual, name, (line) => this.log(line));
    const ctx: SyncContext = { name, namespace, config, host, virtual, owner: this.owner, log: (line) => this.log(line), events: this.events };
    const managed = `${MANAGED_BY_LABEL}=${name}`;

    const virtualPods = this.informer<Pod>(virtual, '/api/v1/pods', 'virtual pods');
    const hostPods = this.informer<Pod>(host, resourcePath('v1', 'pods', namespace), 'host pods', managed);
    const virtualNodes = this.informer<Node>(virtual, '/api/v1/nodes', 'virtual nodes');
    const hostServices = this.informer<Service>(host, resourcePath('v1', 'services', namespace), 'host services');
    const hostNodes = config.sync.fromHost.nodes.enabled ? this.informer<Node>(host, '/api/v1/nodes', 'host nodes') : undefined;

    const nodes = new NodeSyncer(ctx, { virtualPods, hostPods, virtualNodes, hostServices, hostNodes });
    this.syncers.push(nodes);
    if (config.sync.toHost.pods) this.syncers.push(new PodSyncer(ctx, { virtualPods, hostPods }, nodes));
    if (config.sync.toHost.services) {
      const virtualServices = this.informer<Service>(virtual, '/api/v1/services', 'virtual services');
      this.syncers.push(new ToHostSyncer(ctx, serviceKind, virtualServices, hostServices));
    }
    if (config.sync.toHost.ingresses) {
      const virtualIngresses = this.informer<Ingress>(virtual, `/apis/${INGRESS_GROUP_VERSION}/ingresses`, 'virtual ingresses');
      const hostIngresses = this.informer<Ingress>(host, resourcePath(INGRESS_GROUP_VERSION, 'ingresses', namespace), 'host ingresses', managed);
      this.syncers.push(new ToHostSyncer(ctx, ingressKind, virtualIngresses, hostIngresses));
    } else {
      await removeSyncedIngresses(host, namespace, name);
    }

    // Syncers act only on complete caches: a half-listed host would look like deleted pods.
    await Promise.all(this.informers.map((i) => i.start()));
    if (this.stopped) return;
    for (const syncer of this.syncers) syncer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const syncer of this.syncers) syncer.stop();
    this.events?.stop();
    for (const informer of this.informers) informer.stop();
    this.syncers = [];
    this.informers = [];
    this.virtual?.close();
    this.virtual = undefined;
    if (this.controlPlane) {
      await removeControlPlanePortForward(this.deps.host, { name: this.podName, namespace: this.namespace, uid: this.podUid })
        .catch((error: unknown) => this.log(`could not remove the PortForward of pod ${this.podName}: ${String(error)}`));
    }
    await this.controlPlane?.stop();
    await this.kubeletProxy?.stop();
  }
}
