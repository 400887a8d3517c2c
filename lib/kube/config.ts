import 'server-only';
// Which host cluster Cubby talks to, read once from the environment and validated with zod.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';

const HostConfigEnv = z.object({
  /** Explicit kubeconfig file; wins over KUBECONFIG. */
  CUBBY_KUBECONFIG: z.string().min(1).optional(),
  KUBECONFIG: z.string().min(1).optional(),
  /** Context inside the kubeconfig; the current context when unset. */
  CUBBY_KUBE_CONTEXT: z.string().min(1).optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  /**
   * Stands for `/` when the in-cluster service account files are read
   * (`var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt}` below it): the sandbox runs
   * Cubby outside a pod with a TokenRequest token laid out exactly as a pod gets it.
   */
  CUBBY_IN_CLUSTER_ROOT: z.string().min(1).optional(),
});

export type HostConfigSource = 'explicit-file' | 'KUBECONFIG' | 'in-cluster';

export interface HostConfig {
  kubeConfig: KubeConfig;
  source: HostConfigSource;
  server: string;
}

export class HostConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostConfigError';
  }
}

export function loadHostConfig(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const parsed = HostConfigEnv.safeParse(env);
  if (!parsed.success) {
    throw new HostConfigError(`invalid host cluster settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const settings = parsed.data;
  const kubeConfig = new KubeConfig();
  let source: HostConfigSource;
  const file = settings.CUBBY_KUBECONFIG ?? settings.KUBECONFIG?.split(':')[0];
  if (file) {
    if (!existsSync(file)) {
      throw new HostConfigError(`kubeconfig ${file} (from ${settings.CUBBY_KUBECONFIG ? 'CUBBY_KUBECONFIG' : 'KUBECONFIG'}) does not exist`);
    }
    kubeConfig.loadFromFile(file);
    source = settings.CUBBY_KUBECONFIG ? 'explicit-file' : 'KUBECONFIG';
  } else if (settings.KUBERNETES_SERVICE_HOST) {
    kubeConfig.loadFromCluster(settings.CUBBY_IN_CLUSTER_ROOT?.replace(/\/$/, '') ?? '');
    source = 'in-cluster';
  } else {
    throw new HostConfigError(
      'no host cluster configured: set CUBBY_KUBECONFIG or KUBECONFIG to a kubeconfig file, or run Cubby inside the cluster',
    );
  }
  if (settings.CUBBY_KUBE_CONTEXT) {
    if (!kubeConfig.getContextObject(settings.CUBBY_KUBE_CONTEXT)) {
      throw new HostConfigError(`context ${settings.CUBBY_KUBE_CONTEXT} (CUBBY_KUBE_CONTEXT) is not in the kubeconfig`);
    }
    kubeConfig.setCurrentContext(settings.CUBBY_KUBE_CONTEXT);
  }
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new HostConfigError('the kubeconfig has no current cluster with a server address');
  return { kubeConfig, source, server };
}

/**
 * The host's context name as the user's own kubeconfig most likely spells it: CUBBY_KUBE_CONTEXT,
 * else the current context of the kubeconfig Cubby reads. Undefined in a pod, where Cubby's
 * kubeconfig is not the users' (CUBBY_HOST_CONTEXT names it there).
 */
export function hostContextName(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CUBBY_KUBE_CONTEXT) return env.CUBBY_KUBE_CONTEXT;
  const file = env.CUBBY_KUBECONFIG ?? env.KUBECONFIG?.split(':')[0];
  if (!file || !existsSync(file)) return undefined;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(file);
  return kubeConfig.getCurrentContext() || undefined;
}
