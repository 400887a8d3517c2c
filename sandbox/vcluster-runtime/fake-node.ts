// The node a vCluster shows for a host node when node sync is off, field for field as the
// vCluster syncer writes it, and the host Service that gives it an InternalIP.
import { randomUUID } from 'node:crypto';
import type { V1Node } from '@kubernetes/client-node';
import type { Json } from './kube-client';
import { fakeNodeAddress, fakeNodeHostname, nodeServiceName } from './host-name';
import type { Service } from './service-syncer';
import { ownerReferences, type SyncContext } from './sync-context';

export type Node = Json<V1Node>;

export const FAKE_NODE_LABEL = 'vcluster.loft.sh/fake-node';
export const NODE_SERVICE_BELONGS_TO = 'vcluster.loft.sh/belongs-to';
export const NODE_SERVICE_NODE = 'vcluster.loft.sh/node';
export const FAKE_KUBELET_VERSION = 'v1.19.1';
const KUBELET_PORT = 10250;
/** The syncer's port; fake kubelet traffic goes there. */
const SYNCER_PORT = 8443;

export function fakeNodeMetadata(nodeName: string): Node['metadata'] {
  return {
    name: nodeName,
    labels: {
      [FAKE_NODE_LABEL]: 'true',
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': fakeNodeHostname(nodeName),
      'kubernetes.io/os': 'linux',
    },
    annotations: {
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'false',
    },
  };
}

export function fakeNodeAddresses(ctx: SyncContext, nodeName: string, internalIP: string | undefined): NonNullable<Node['status']>['addresses'] {
  const addresses: { type: string; address: string }[] = [];
  if (ctx.config.proxyKubelets.byHostname) addresses.push({ type: 'Hostname', address: fakeNodeAddress(nodeName) });
  if (ctx.config.proxyKubelets.byIP && internalIP) addresses.push({ type: 'InternalIP', address: internalIP });
  return addresses;
}

function condition(type: string, status: string, reason: string, message: string, now: string) {
  return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now };
}

export function fakeNodeStatus(ctx: SyncContext, nodeName: string, internalIP: string | undefined): NonNullable<Node['status']> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const resources = {
    cpu: '16',
    memory: '32Gi',
    'ephemeral-storage': '100Gi',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    pods: '110',
  };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now),
    ],
    addresses: fakeNodeAddresses(ctx, nodeName, internalIP),
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: randomUUID(),
      containerRuntimeVersion: 'docker://19.3.12',
      kernelVersion: '4.19.76-fakelinux',
      kubeProxyVersion: FAKE_KUBELET_VERSION,
      kubeletVersion: FAKE_KUBELET_VERSION,
      machineID: randomUUID(),
      systemUUID: randomUUID(),
      operatingSystem: 'linux',
      osImage: 'Fake Kubernetes Image',
    },
    images: [],
  };
}

/** `VCLUSTER-node-NODE`, selecting the vCluster's own pod like the Service NAME does. */
export function nodeService(ctx: SyncContext, nodeName: string, selector: Record<string, string> | undefined): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: nodeServiceName(ctx.name, nodeName),
      namespace: ctx.namespace,
      labels: { [NODE_SERVICE_BELONGS_TO]: ctx.name, [NODE_SERVICE_NODE]: nodeName },
      ownerReferences: ownerReferences(ctx),
    },
    spec: {
      ports: [{ name: 'kubelet', port: KUBELET_PORT, targetPort: SYNCER_PORT, protocol: 'TCP' }],
      selector: selector ?? { app: 'vcluster', release: ctx.name },
    },
  };
}
