// What pause and deletion remove from the host. Pause: the synced pods and fake-node Services
// (a paused vCluster runs nothing); the virtual data stays in etcd for the resume. Deletion:
// everything the running vCluster ever created, its etcd prefix and its certificates.
import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode, resourcePath, type KubeClient } from './kube-client';
import { NODE_SERVICE_BELONGS_TO } from './fake-node';
import { INGRESS_GROUP_VERSION } from './ingress-syncer';
import { kubeconfigSecretName } from './kubeconfig-secret';
import { MANAGED_BY_LABEL } from './sync-context';
import { deleteEtcdPrefix, etcdPrefix } from './etcd-prefix';
import { kubeletSocketPath } from './kubelet-proxy';

async function ignoringGone(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    // 404: already gone; 403/409 can come from a namespace being deleted under us.
    if (![404, 403, 409].includes(errorCode(error) ?? 0)) throw error;
  }
}

function deleteServices(host: KubeClient, namespace: string, labelSelector: string): Promise<unknown> {
  return host.delete(resourcePath('v1', 'services', namespace), { labelSelector });
}

export async function removeSyncedPods(host: KubeClient, namespace: string, vcluster: string): Promise<void> {
  await ignoringGone(host.delete(resourcePath('v1', 'pods', namespace), { labelSelector: `${MANAGED_BY_LABEL}=${vcluster}` }));
  await ignoringGone(deleteServices(host, namespace, `${NODE_SERVICE_BELONGS_TO}=${vcluster}`));
}

export async function destroyVCluster(options: {
  host: KubeClient;
  etcdUrl: string;
  namespace: string;
  name: string;
  dir: string;
}): Promise<void> {
  const { host, namespace, name } = options;
  const managed = `${MANAGED_BY_LABEL}=${name}`;
  await ignoringGone(host.delete(resourcePath('v1', 'secrets', namespace, kubeconfigSecretName(name))));
  await removeSyncedPods(host, namespace, name);
  await ignoringGone(deleteServices(host, namespace, managed));
  await ignoringGone(host.delete(resourcePath(INGRESS_GROUP_VERSION, 'ingresses', namespace), { labelSelector: managed }));
  await deleteEtcdPrefix(options.etcdUrl, etcdPrefix(namespace, name));
  rmSync(options.dir, { recursive: true, force: true });
  rmSync(kubeletSocketPath(options.dir), { force: true });
  const parent = dirname(options.dir);
  if (existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
}
