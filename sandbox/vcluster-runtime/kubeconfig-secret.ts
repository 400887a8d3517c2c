// Secret vc-NAME in the host namespace: the kubeconfig a running vCluster publishes, with the
// same keys and labels as the real one. The real one's server is https://localhost:8443, usable
// only inside the pod; the sandbox's virtual API server listens on 127.0.0.1 of the sandbox
// machine, so the Secret carries that address and says so in SERVER_ANNOTATION. Cubby's
// "use the Secret's own server" strategy may trust the server only when that annotation is there.
import { readFileSync } from 'node:fs';
import type { V1Secret } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { resourcePath, type Json, type KubeClient } from './kube-client';
import type { OwnerReference } from './sync-context';
import type { VClusterPki } from './vcluster-pki';

export type Secret = Json<V1Secret>;

/** Sandbox-own annotation on Secret vc-NAME: the kubeconfig's server is reachable as written. */
export const SERVER_ANNOTATION = 'sandbox.cubby.dev/server';
export const SERVER_REACHABLE = 'reachable';
export const FIELD_MANAGER = 'cubby-vcluster-runtime';

export function kubeconfigSecretName(vcluster: string): string {
  return `vc-${vcluster}`;
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

export function kubeconfigYamlFor(pki: VClusterPki, server: string, context: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: context, cluster: { server, 'certificate-authority-data': b64(readFileSync(pki.ca.cert)) } }],
    users: [{
      name: context,
      user: { 'client-certificate-data': b64(readFileSync(pki.admin.cert)), 'client-key-data': b64(readFileSync(pki.admin.key)) },
    }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    'current-context': context,
  });
}

export function kubeconfigSecret(options: {
  name: string;
  namespace: string;
  owner: OwnerReference;
  pki: VClusterPki;
  server: string;
  context: string;
}): Secret {
  const { pki } = options;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: kubeconfigSecretName(options.name),
      namespace: options.namespace,
      labels: { app: 'vcluster', 'vcluster-name': options.name },
      annotations: { [SERVER_ANNOTATION]: SERVER_REACHABLE },
      ownerReferences: [{ ...options.owner, controller: false }],
    },
    data: {
      config: b64(kubeconfigYamlFor(pki, options.server, options.context)),
      'certificate-authority': b64(readFileSync(pki.ca.cert)),
      'client-certificate': b64(readFileSync(pki.admin.cert)),
      'client-key': b64(readFileSync(pki.admin.key)),
      token: b64(pki.token),
    },
  };
}

export async function writeKubeconfigSecret(host: KubeClient, secret: Secret): Promise<void> {
  const { name, namespace } = secret.metadata ?? {};
  await host.apply(resourcePath('v1', 'secrets', namespace, name), secret, FIELD_MANAGER);
}
