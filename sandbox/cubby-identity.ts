// Cubby in the sandbox runs as a real install would: its own chart (deploy/chart) installed on the
// host with `server.enabled=false` (the ServiceAccount, the least-privilege RBAC, the CRDs and the
// admission policies, but no Deployment: the dashboard runs on this machine), and authenticated
// as that chart's ServiceAccount with a token from the TokenRequest API, laid out under a
// directory exactly as a pod gets it (`var/run/secrets/kubernetes.io/serviceaccount/`) and loaded
// by the same in-cluster code path (CUBBY_IN_CLUSTER_ROOT stands for `/`). The sandbox admin
// (`system:masters`) stays with the tests' own set-up and checks, never with Cubby.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import { projectRoot, type SandboxState } from './host/state';

export const CUBBY_RELEASE = 'cubby';
export const CUBBY_SYSTEM_NAMESPACE = 'cubby-system';
/** The chart's ServiceAccount for release `cubby` (its full name). */
export const CUBBY_SERVICE_ACCOUNT = 'cubby';
export const CUBBY_USER = `system:serviceaccount:${CUBBY_SYSTEM_NAMESPACE}:${CUBBY_SERVICE_ACCOUNT}`;
/** Long enough for a day of tests; `serve` and `up` mint a fresh one. */
const TOKEN_SECONDS = 24 * 3600;
const ACCOUNT_PATH = ['var', 'run', 'secrets', 'kubernetes.io', 'serviceaccount'];

export const cubbyChartDir = join(projectRoot, 'deploy', 'chart');

/** The directory standing for `/` of Cubby's emulated pod. */
export function cubbyPodRoot(dir: string): string {
  return join(dir, 'cubby-pod');
}

function accountDir(dir: string): string {
  return join(cubbyPodRoot(dir), ...ACCOUNT_PATH);
}

function adminClient(state: SandboxState): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  return new KubeClient(kc);
}

/** `helm upgrade --install` of Cubby's chart, identity only, as the sandbox admin. */
export function installCubbyChart(state: SandboxState): void {
  const args = ['upgrade', '--install', CUBBY_RELEASE, cubbyChartDir, '--namespace', CUBBY_SYSTEM_NAMESPACE, '--create-namespace', '--set', 'server.enabled=false'];
  // Spawned here, not through lib/vcluster's helm runner: that module is server-only, and the
  // browser tests' runner loads this file too.
  const run = spawnSync(join(state.binDir, 'helm'), args, { env: { ...process.env, KUBECONFIG: state.kubeconfig }, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`installing Cubby's chart on the sandbox failed: ${(run.stderr || String(run.error ?? '')).trim()}`);
}

/** A TokenRequest token for Cubby's ServiceAccount, written with the host's CA as a pod has them. */
export async function mintCubbyToken(state: SandboxState, dir: string): Promise<void> {
  const client = adminClient(state);
  try {
    const review = await client.request<{ status?: { token?: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${CUBBY_SYSTEM_NAMESPACE}/serviceaccounts/${CUBBY_SERVICE_ACCOUNT}/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: TOKEN_SECONDS } },
      ref: { kind: 'TokenRequest' },
    });
    const token = review.status?.token;
    if (!token) throw new Error('the TokenRequest API returned no token');
    const target = accountDir(dir);
    mkdirSync(target, { recursive: true, mode: 0o700 });
    writeFileSync(join(target, 'token'), token, { mode: 0o600 });
    writeFileSync(join(target, 'ca.crt'), readFileSync(join(state.pkiDir, 'ca.crt')));
    writeFileSync(join(target, 'namespace'), CUBBY_SYSTEM_NAMESPACE);
  } finally {
    client.close();
  }
}

/** What a pod's environment says about the API server, for Cubby's in-cluster loading. */
export function cubbyPodEnv(state: SandboxState, dir: string): Record<string, string> {
  const url = new URL(state.apiserverUrl);
  return {
    KUBERNETES_SERVICE_HOST: url.hostname,
    KUBERNETES_SERVICE_PORT: url.port || '443',
    CUBBY_IN_CLUSTER_ROOT: cubbyPodRoot(dir),
    CUBBY_NAMESPACE: CUBBY_SYSTEM_NAMESPACE,
  };
}

/** Cubby's own credentials as the in-cluster loader builds them: server, CA file, token file. */
export function cubbyKubeConfig(state: SandboxState, dir: string): KubeConfig {
  const kc = new KubeConfig();
  const root = accountDir(dir);
  kc.loadFromClusterAndUser(
    { name: 'inCluster', server: state.apiserverUrl, caFile: join(root, 'ca.crt'), skipTLSVerify: false },
    { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: join(root, 'token') } } },
  );
  return kc;
}
