// Watches the host for vClusters as the chart renders them (a StatefulSet or Deployment
// labelled app=vcluster, its pods app=vcluster,release=NAME) and, for each whose pod kwok
// reports Running, runs what that pod would: a VirtualCluster. A new pod (config rollout) means
// a restart with the new config; no pod stops it (pause also clears its host pods); a removed
// workload removes everything the vCluster left in the host.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig, type V1Deployment, type V1StatefulSet } from '@kubernetes/client-node';
import type { SandboxState } from '../host/state';
import { destroyVCluster, removeSyncedPods } from './host-cleanup';
import { Informer } from './informer';
import { KubeClient, type Json, type KubeObject } from './kube-client';
import type { Pod } from './pod-translator';
import { splitKey, type OwnerReference } from './sync-context';
import { VirtualCluster, vclusterDir } from './virtual-cluster';
import { WorkQueue } from './work-queue';

type Workload = Json<V1StatefulSet> | Json<V1Deployment>;

export interface RuntimeOptions {
  state: SandboxState;
  sandboxDir: string;
  log?: (line: string) => void;
}

const RESYNC_MS = 30_000;

function releaseOf(object: KubeObject): string | undefined {
  return object.metadata?.labels?.release ?? object.metadata?.name;
}

export class Runtime {
  private host: KubeClient | undefined;
  private readonly instances = new Map<string, VirtualCluster>();
  private readonly queue: WorkQueue;
  private statefulSets: Informer<Workload> | undefined;
  private deployments: Informer<Workload> | undefined;
  private pods: Informer<Pod> | undefined;
  private readonly log: (line: string) => void;
  readonly vclustersDir: string;
  readonly logDir: string;

  constructor(private readonly options: RuntimeOptions) {
    this.log = options.log ?? ((line) => console.log(`${new Date().toISOString()} ${line}`));
    this.vclustersDir = join(options.sandboxDir, 'vclusters');
    this.logDir = join(options.sandboxDir, 'logs');
    // Starting a control plane takes seconds; several vClusters start side by side.
    this.queue = new WorkQueue((key) => this.reconcile(key), { name: 'vcluster', concurrency: 8, log: this.log });
  }

  async start(): Promise<void> {
    const kc = new KubeConfig();
    kc.loadFromFile(this.options.state.kubeconfig);
    const host = await KubeClient.fromKubeConfig(kc);
    this.host = host;
    const watch = <T extends KubeObject>(path: string, name: string, labelSelector: string) => {
      const informer = new Informer<T>(host, path, { name, labelSelector, resyncMs: RESYNC_MS, log: this.log });
      informer.on((_type, object) => {
        const release = releaseOf(object);
        if (release && object.metadata?.namespace) this.queue.add(`${object.metadata.namespace}/${release}`);
      });
      return informer;
    };
    this.statefulSets = watch<Workload>('/apis/apps/v1/statefulsets', 'statefulsets', 'app=vcluster');
    this.deployments = watch<Workload>('/apis/apps/v1/deployments', 'deployments', 'app=vcluster');
    // Host copies of virtual pods may carry app=vcluster too; they are not vCluster pods.
    this.pods = watch<Pod>('/api/v1/pods', 'vcluster pods', 'app=vcluster,release,!vcluster.loft.sh/managed-by');
    await Promise.all([this.statefulSets.start(), this.deployments.start(), this.pods.start()]);

    // vClusters deleted while the runtime was not running still have state on disk.
    if (existsSync(this.vclustersDir)) {
      for (const namespace of readdirSync(this.vclustersDir)) {
        for (const name of readdirSync(join(this.vclustersDir, namespace))) this.queue.add(`${namespace}/${name}`);
      }
    }
    this.queue.start();
    this.log(`vcluster-runtime: watching the host at ${this.options.state.apiserverUrl}`);
  }

  async stop(): Promise<void> {
    this.queue.stop();
    for (const informer of [this.statefulSets, this.deployments, this.pods]) informer?.stop();
    await Promise.all([...this.instances.values()].map((i) => i.stop()));
    this.instances.clear();
    this.host?.close();
  }

  /** Running vClusters, for benchmarks and diagnostics. */
  running(): VirtualCluster[] {
    return [...this.instances.values()];
  }

  private workload(namespace: string, name: string): { object: Workload; kind: string } | undefined {
    const sts = this.statefulSets?.get(namespace, name);
    if (sts) return { object: sts, kind: 'StatefulSet' };
    const deployment = this.deployments?.get(namespace, name);
    if (deployment) return { object: deployment, kind: 'Deployment' };
    return undefined;
  }

  /** The newest pod of the vCluster that kwok reports Running and that is not going away. */
  private runningPod(namespace: string, name: string): Pod | undefined {
    const pods = (this.pods?.list() ?? []).filter((p) =>
      p.metadata?.namespace === namespace &&
      p.metadata?.labels?.release === name &&
      p.status?.phase === 'Running' &&
      !p.metadata?.deletionTimestamp,
    );
    pods.sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''));
    return pods[0];
  }

  private async reconcile(key: string): Promise<void> {
    const host = this.host!;
    const { namespace, name } = splitKey(key);
    const workload = this.workload(namespace, name);
    let instance = this.instances.get(key);
    const dir = vclusterDir(this.vclustersDir, namespace, name);

    if (!workload) {
      if (instance) {
        this.instances.delete(key);
        await instance.stop();
      }
      if (existsSync(dir)) {
        this.log(`vcluster ${key}: deleted; removing what it left in the host`);
        await destroyVCluster({ host, etcdUrl: this.options.state.etcdUrl, namespace, name, dir });
      }
      return;
    }

    const pod = this.runningPod(namespace, name);
    if (instance && (instance.failed || !pod || pod.metadata?.uid !== instance.podUid)) {
      const why = instance.failed ? 'a component crashed' : pod ? 'its pod was replaced' : 'its pod is not running';
      this.log(`vcluster ${key}: stopping (${why})`);
      this.instances.delete(key);
      await instance.stop();
      instance = undefined;
    }
    if (!pod) {
      if ((workload.object.spec?.replicas ?? 1) === 0) await removeSyncedPods(host, namespace, name);
      return;
    }
    if (instance) return;

    const owner: OwnerReference = {
      apiVersion: 'apps/v1',
      kind: workload.kind,
      name: workload.object.metadata?.name ?? name,
      uid: workload.object.metadata?.uid ?? '',
    };
    const created = new VirtualCluster(
      { host, state: this.options.state, vclustersDir: this.vclustersDir, logDir: this.logDir, log: this.log, onCrash: () => this.queue.add(key) },
      name, namespace, pod.metadata?.uid ?? '', owner, pod.metadata?.name ?? '',
    );
    this.instances.set(key, created);
    this.log(`vcluster ${key}: pod ${pod.metadata?.name} is Running; starting`);
    try {
      await created.start();
    } catch (error) {
      if (this.instances.get(key) === created) this.instances.delete(key);
      await created.stop();
      throw error;
    }
  }
}
