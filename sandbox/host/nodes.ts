// The host's fake nodes (kwok manages every node with the kwok annotation) and its default
// StorageClass, applied with server-side apply so a repeated `up` converges.
import { KubeConfig, KubernetesObjectApi, PatchStrategy, CoreV1Api, type KubernetesObject } from '@kubernetes/client-node';
import { waitFor } from './wait';

export const SANDBOX_NODES = [
  { name: 'kwok-node-a', zone: 'zone-a', pool: 'general' },
  { name: 'kwok-node-b', zone: 'zone-b', pool: 'general' },
  { name: 'kwok-node-c', zone: 'zone-c', pool: 'highmem' },
] as const;

export const DEFAULT_STORAGE_CLASS = 'standard';

function nodeManifest(node: (typeof SANDBOX_NODES)[number]): KubernetesObject & Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/worker': '',
        'topology.kubernetes.io/zone': node.zone,
        'cubby.dev/pool': node.pool,
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      capacity: { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'fake', kubeProxyVersion: 'fake' },
    },
  };
}

const storageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: {
    name: DEFAULT_STORAGE_CLASS,
    annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
  },
  // The controller-manager's host-path provisioner (--enable-hostpath-provisioner) binds claims.
  provisioner: 'kubernetes.io/host-path',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
};

export async function applyHostObjects(kubeconfigPath: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const apply = (o: KubernetesObject) =>
    objects.patch(o, undefined, undefined, 'cubby-sandbox', true, PatchStrategy.ServerSideApply);
  await apply(storageClass);
  for (const node of SANDBOX_NODES) await apply(nodeManifest(node));
}

export async function waitForNodesReady(kubeconfigPath: string, timeoutMs = 60_000): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(
    `${SANDBOX_NODES.length} Ready nodes`,
    async () => {
      const list = await core.listNode();
      const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= SANDBOX_NODES.length;
    },
    timeoutMs,
  );
}
