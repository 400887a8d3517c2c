import 'server-only';
// The process-wide client for the host cluster, as Cubby's own identity (its service account in
// a real install, the sandbox admin locally). Tenant calls derive from it with `.as(identity)`.
import { KubeClient } from './client';
import { loadHostConfig } from './config';

let client: KubeClient | undefined;

export function hostClient(): KubeClient {
  // Over HTTP/2, as client-go: one watch per vCluster namespace shares a few connections.
  // CUBBY_KUBE_HTTP2=off keeps every request on HTTP/1.1 (a proxy in front that mangles HTTP/2).
  client ??= new KubeClient(loadHostConfig().kubeConfig, undefined, undefined, { http2: process.env.CUBBY_KUBE_HTTP2 !== 'off' });
  return client;
}

/** A clear start-up check: the host answers /version with our credentials. */
export async function checkHostReachable(target: KubeClient = hostClient()): Promise<{ gitVersion: string }> {
  return target.request<{ gitVersion: string }>({ method: 'GET', path: '/version', timeoutMs: 5_000 });
}
