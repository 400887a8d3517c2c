import 'server-only';
// The process-wide client for the host cluster, as Cubby's own identity (its service account in
// a real install, the sandbox admin locally). Tenant calls derive from it with `.as(identity)`.
import { KubeClient } from './client';
import { loadHostConfig } from './config';

let client: KubeClient | undefined;

export function hostClient(): KubeClient {
  client ??= new KubeClient(loadHostConfig().kubeConfig);
  return client;
}

/** A clear start-up check: the host answers /version with our credentials. */
export async function checkHostReachable(target: KubeClient = hostClient()): Promise<{ gitVersion: string }> {
  return target.request<{ gitVersion: string }>({ method: 'GET', path: '/version', timeoutMs: 5_000 });
}
