// A real vCluster pod serves its API on container port 8443, so `pods/portforward` of the host API
// server to NAME-0:8443 reaches it (what Cubby's pod-port-forward access strategy uses). Here the
// API server listens on 127.0.0.1:PORT instead, so the runtime tells kwok, which answers the host
// API server's port-forwards in place of a kubelet (sandbox/host/kwok-kubelet.ts), to send port
// 8443 of exactly that pod there: a kwok PortForward of the pod's own name. The pod owns it, so
// it goes with the pod (the garbage collector deletes it); a stopped control plane removes it at
// once, so that until the next one serves, 8443 fails fast instead of reaching a port that an API
// server still starting has bound but does not answer yet.
import { errorCode, resourcePath, type KubeClient } from './kube-client';
import { KWOK_GROUP, KWOK_VERSION } from '../host/kwok-kubelet';

/** The port the vCluster chart's control-plane container serves on. */
export const CONTROL_PLANE_CONTAINER_PORT = 8443;
const FIELD_MANAGER = 'cubby-vcluster-runtime';

export interface ControlPlanePod {
  name: string;
  namespace: string;
  uid: string;
}

export function controlPlanePortForward(pod: ControlPlanePod, apiServerPort: number) {
  return {
    apiVersion: `${KWOK_GROUP}/${KWOK_VERSION}`,
    kind: 'PortForward',
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      labels: { 'app.kubernetes.io/managed-by': FIELD_MANAGER },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.name, uid: pod.uid }],
    },
    spec: {
      forwards: [{ ports: [CONTROL_PLANE_CONTAINER_PORT], target: { address: '127.0.0.1', port: apiServerPort } }],
    },
  };
}

export async function publishControlPlanePortForward(host: KubeClient, pod: ControlPlanePod, apiServerPort: number): Promise<void> {
  const path = resourcePath(`${KWOK_GROUP}/${KWOK_VERSION}`, 'portforwards', pod.namespace, pod.name);
  await host.apply(path, controlPlanePortForward(pod, apiServerPort), FIELD_MANAGER);
}

export async function removeControlPlanePortForward(host: KubeClient, pod: ControlPlanePod): Promise<void> {
  const path = resourcePath(`${KWOK_GROUP}/${KWOK_VERSION}`, 'portforwards', pod.namespace, pod.name);
  try {
    await host.delete(path);
  } catch (error) {
    // Gone with its pod or its namespace already.
    if (![404, 403, 409].includes(errorCode(error) ?? 0)) throw error;
  }
}
