import 'server-only';
// How Cubby itself reaches a vCluster's own API server (to list its nodes, to mint tokens). The
// kubeconfig the vCluster writes into Secret `vc-NAME` says `https://localhost:8443`, which only
// works inside its pod, so the server is replaced according to where Cubby runs:
//   - service-dns:   `https://NAME.NS.svc:443`, the vCluster's Service, when Cubby runs in the
//                    host cluster (the default there). The serving certificate includes NAME.NS.svc.
//   - service-proxy: the host API server's service proxy (the default outside the cluster
//                    before pod-port-forward existed; kept as a choice). Caveat: the host API server authenticates the proxied request
//                    with Cubby's host credentials and drops the Authorization header and client
//                    certificate before forwarding, so the vCluster sees an anonymous request;
//                    only unauthenticated endpoints (/readyz, /version) answer. Out of cluster,
//                    pod-port-forward is the path that carries the vCluster's own credentials.
//   - pod-port-forward: the host API server's pods/portforward to the control-plane pod's 8443
//                    (pod-port-forward.ts), with TLS to the vCluster inside the tunnel: the
//                    vCluster's own CA and credentials, server `https://localhost:8443` as the
//                    vCluster's own kubeconfig says (its certificate names localhost). Costs a
//                    tunnel per new connection (kept alive after); needs `create` on
//                    pods/portforward in the vCluster's namespace, which Cubby holds there.
//                    The default for Cubby outside the cluster: the gateway needs the
//                    vCluster's own credentials to arrive, which the service proxy drops.
//   - secret-server: the Secret's own server, used as written: the sandbox's vCluster runtime
//                    writes a server reachable from the machine Cubby runs on.
//
// Before the Secret is read for a tenant's user, the host's RBAC is asked whether that user may
// read it (a SubjectAccessReview; their Role allows `get` on exactly that Secret), so a tenant can
// never obtain a client for another tenant's vCluster even through a bug in Cubby's own checks.
// Admin views pass 'service-account' after their check.
import { KubeConfig } from '@kubernetes/client-node';
import type { V1Pod, V1Secret } from '@kubernetes/client-node';
import { z } from 'zod';
import { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { kubeconfigFromSecretData } from './kubeconfig-export';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError, deniedAsNotFound } from './lifecycle-error';
import { podPortForwardConnector, type PodPortTarget } from './pod-port-forward';
import { type Actor, authorizeSecretRead } from './tenant-authorization';
import { type VClusterRef, resolveVCluster } from './vcluster-ref';

export const VCLUSTER_ACCESS_STRATEGIES = ['service-dns', 'service-proxy', 'pod-port-forward', 'secret-server'] as const;
export type VClusterAccessStrategy = (typeof VCLUSTER_ACCESS_STRATEGIES)[number];

export interface VClusterAccessSettings {
  strategy: VClusterAccessStrategy;
}

const AccessEnv = z.object({
  CUBBY_VCLUSTER_ACCESS: z.preprocess((v) => (v === '' ? undefined : v), z.enum(VCLUSTER_ACCESS_STRATEGIES).optional()),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
});

export function vClusterAccessSettings(env: Record<string, string | undefined> = process.env): VClusterAccessSettings {
  const parsed = AccessEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid CUBBY_VCLUSTER_ACCESS: expected one of ${VCLUSTER_ACCESS_STRATEGIES.join(', ')}`);
  }
  const strategy = parsed.data.CUBBY_VCLUSTER_ACCESS ?? (parsed.data.KUBERNETES_SERVICE_HOST ? 'service-dns' : 'pod-port-forward');
  return { strategy };
}

/** Secret `vc-NAME`: the kubeconfig the vCluster writes for its admin. */
export function kubeconfigSecretName(name: string): string {
  return `vc-${name}`;
}

/**
 * Reads Secret `vc-NAME` for the actor. A 404 means RBAC let the user through and the vCluster has
 * not written its kubeconfig yet, which is safe to say; a refusal reads as not found.
 */
export async function readKubeconfigSecret(client: KubeClient, actor: Actor, ref: VClusterRef): Promise<V1Secret> {
  await authorizeSecretRead(client, actor, ref, kubeconfigSecretName(ref.name));
  try {
    return await client.get<V1Secret>(ResourceTypes.Secret, kubeconfigSecretName(ref.name), ref.namespace);
  } catch (error) {
    if (error instanceof KubeError && error.status === 404) {
      throw new VClusterError(409, 'not_ready', `vCluster '${ref.name}' has not written its kubeconfig yet; try again once it is running.`);
    }
    throw deniedAsNotFound(error, ref.tenant, ref.name);
  }
}

/** The vCluster API server address Cubby uses under a strategy. */
export function vClusterServer(strategy: VClusterAccessStrategy, ref: VClusterRef, secretServer: string, hostServer: string): string {
  switch (strategy) {
    case 'service-dns':
      return `https://${ref.name}.${ref.namespace}.svc:443`;
    case 'service-proxy':
      return `${hostServer.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/services/https:${encodeURIComponent(ref.name)}:443/proxy`;
    case 'pod-port-forward':
      return POD_SERVER;
    case 'secret-server':
      return secretServer;
  }
}

/** What the vCluster's own kubeconfig names: its API server seen from inside its pod. */
const POD_SERVER = 'https://localhost:8443';
/** The control-plane container's port (the chart's Services target it). */
export const CONTROL_PLANE_PORT = 8443;

/**
 * The vCluster's serving control-plane pod, looked up per connection: a Deployment-based vCluster
 * (no persistent volume) gets a new pod name on every rollout, a StatefulSet's is `NAME-0`.
 */
export async function controlPlanePodTarget(host: KubeClient, ref: VClusterRef): Promise<PodPortTarget> {
  const pods = await host.list<V1Pod>(ResourceTypes.Pod, { namespace: ref.namespace, labelSelector: `app=vcluster,release=${ref.name}` });
  const running = pods.items
    .filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && !p.metadata?.labels?.['vcluster.loft.sh/managed-by'])
    .sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')));
  const pod = running[0]?.metadata?.name;
  if (!pod) throw new VClusterError(409, 'not_ready', `vCluster '${ref.name}' has no running control-plane pod to port-forward to.`);
  return { namespace: ref.namespace, pod, port: CONTROL_PLANE_PORT };
}

/** A client for the vCluster from the kubeconfig in its Secret, with the server the strategy picks. */
export function vClusterClientFromSecret(secret: V1Secret, ref: VClusterRef, settings: VClusterAccessSettings, host: KubeClient): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigFromSecretData(secret.data));
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`Secret ${ref.namespace}/${secret.metadata?.name} has no current cluster`);
  if (settings.strategy === 'service-proxy') {
    // The proxy is the host's endpoint: the host's TLS and credentials apply (see the caveat above).
    const proxied = new KubeConfig();
    proxied.loadFromString(host.kubeConfig.exportConfig());
    const hostCluster = proxied.getCurrentCluster()!;
    const server = vClusterServer('service-proxy', ref, cluster.server, hostCluster.server);
    proxied.clusters = proxied.clusters.map((c) => (c.name === hostCluster.name ? { ...c, server } : c));
    return new KubeClient(proxied);
  }
  const server = vClusterServer(settings.strategy, ref, cluster.server, host.server);
  kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server } : c));
  if (settings.strategy === 'pod-port-forward') {
    return new KubeClient(kc, undefined, undefined, { createConnection: podPortForwardConnector(host, () => controlPlanePodTarget(host, ref)) });
  }
  return new KubeClient(kc);
}

const cache = new Map<string, KubeClient>();
const MAX_CACHED = 64;

/**
 * A client for the vCluster of `tenant`/`name`. Clients are kept per Secret version, so a
 * rotated certificate gives a new client and the old one's connections are closed.
 */
export async function vClusterClient(
  deps: LifecycleDeps,
  input: { tenant: string; name: string; actor: Actor },
  settings: VClusterAccessSettings = vClusterAccessSettings(),
): Promise<{ ref: VClusterRef; client: KubeClient }> {
  const { ref } = await resolveVCluster(deps.client, input.tenant, input.name);
  const secret = await readKubeconfigSecret(deps.client, input.actor, ref);
  const prefix = `${settings.strategy}/${ref.namespace}/${ref.name}/`;
  const key = `${prefix}${secret.metadata?.resourceVersion ?? ''}`;
  let client = cache.get(key);
  if (!client) {
    for (const [other, stale] of cache) {
      if (other.startsWith(prefix)) {
        stale.close();
        cache.delete(other);
      }
    }
    client = vClusterClientFromSecret(secret, ref, settings, deps.client);
    if (cache.size >= MAX_CACHED) {
      const [oldestKey, oldest] = cache.entries().next().value as [string, KubeClient];
      oldest.close();
      cache.delete(oldestKey);
    }
    cache.set(key, client);
  }
  return { ref, client };
}

/** Closes cached vCluster clients (tests, shutdown). */
export function closeVClusterClients(): void {
  for (const client of cache.values()) client.close();
  cache.clear();
}
