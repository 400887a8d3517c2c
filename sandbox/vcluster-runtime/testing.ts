// For the runtime's integration tests and benchmark: render a vCluster with the test chart and
// the sandbox's helm, apply it the way Cubby does (server-side apply), wait for what the
// runtime publishes, and talk to the vCluster with the kubeconfig from Secret vc-NAME.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1Pod,
  type V1Secret,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { parseAllDocuments, stringify } from 'yaml';
import { findHelmBinary } from '../charts/helm-binary';
import { projectRoot } from '../host/state';
import { waitFor } from '../host/wait';
import { runningSandbox, sandboxKubeConfig } from '../testing';

export const CHART_DIR = join(projectRoot, 'sandbox', 'charts', 'vcluster');
export const FIELD_MANAGER = 'cubby-test';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** `helm template` of the test chart with `values`; returns the rendered objects. */
export function renderVCluster(name: string, namespace: string, values: Record<string, unknown> = {}): KubernetesObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'cubby-vcluster-'));
  try {
    const valuesFile = join(dir, 'values.yaml');
    writeFileSync(valuesFile, stringify(values));
    const out = execFileSync(
      findHelmBinary(),
      ['template', name, CHART_DIR, '-n', namespace, '--kube-version', '1.36.0', '-f', valuesFile],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return parseAllDocuments(out)
      .map((doc) => doc.toJS() as KubernetesObject | null)
      .filter((o): o is KubernetesObject => Boolean(o?.kind));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function applyObjects(kc: KubeConfig, objects: KubernetesObject[]): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) {
    await api.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}

export async function deleteObjects(kc: KubeConfig, objects: KubernetesObject[]): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) {
    await api.delete(object).catch((error: unknown) => {
      if (statusOf(error) !== 404) throw error;
    });
  }
}

export async function createNamespace(kc: KubeConfig, namespace: string): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  // Pods are refused until the service-account controller has made `default`.
  await waitFor(`service account default in ${namespace}`, async () => {
    await core.readNamespacedServiceAccount({ name: 'default', namespace });
    return true;
  }, 30_000);
}

export async function deleteNamespace(kc: KubeConfig, namespace: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace }).catch(() => undefined);
}

export interface DeployedVCluster {
  name: string;
  namespace: string;
  objects: KubernetesObject[];
  appliedAt: number;
}

/** Namespace + helm template + server-side apply, as Cubby provisions. */
export async function deployVCluster(name: string, namespace: string, values: Record<string, unknown> = {}): Promise<DeployedVCluster> {
  const kc = sandboxKubeConfig();
  await createNamespace(kc, namespace);
  const objects = renderVCluster(name, namespace, values);
  const appliedAt = Date.now();
  await applyObjects(kc, objects);
  return { name, namespace, objects, appliedAt };
}

/** Re-renders with new values and applies, like `helm upgrade`. */
export async function upgradeVCluster(vcluster: DeployedVCluster, values: Record<string, unknown>): Promise<void> {
  vcluster.objects = renderVCluster(vcluster.name, vcluster.namespace, values);
  await applyObjects(sandboxKubeConfig(), vcluster.objects);
}

export async function waitForRunningPod(namespace: string, name: string, timeoutMs = 60_000): Promise<V1Pod> {
  const core = sandboxKubeConfig().makeApiClient(CoreV1Api);
  let running: V1Pod | undefined;
  await waitFor(`a Running pod of vCluster ${namespace}/${name}`, async () => {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=vcluster,release=${name}` });
    running = pods.items.find((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
    return running !== undefined;
  }, timeoutMs, 100);
  return running!;
}

export async function waitForKubeconfigSecret(namespace: string, name: string, timeoutMs = 60_000): Promise<V1Secret> {
  const core = sandboxKubeConfig().makeApiClient(CoreV1Api);
  let secret: V1Secret | undefined;
  await waitFor(`Secret vc-${name} in ${namespace}`, async () => {
    secret = await core.readNamespacedSecret({ name: `vc-${name}`, namespace });
    return true;
  }, timeoutMs, 100);
  return secret!;
}

/**
 * Waits until the kubeconfig in Secret vc-NAME reaches a serving API server (rereading the
 * Secret each time, since a restart may move the server) and returns both.
 */
export async function connectVCluster(namespace: string, name: string, timeoutMs = 60_000): Promise<{ secret: V1Secret; kc: KubeConfig }> {
  const core = sandboxKubeConfig().makeApiClient(CoreV1Api);
  let result: { secret: V1Secret; kc: KubeConfig } | undefined;
  await waitFor(`the API server of vCluster ${namespace}/${name}`, async () => {
    const secret = await core.readNamespacedSecret({ name: `vc-${name}`, namespace });
    const kc = virtualKubeConfig(secret);
    await kc.makeApiClient(CoreV1Api).listNamespace();
    result = { secret, kc };
    return true;
  }, timeoutMs, 200);
  return result!;
}

export function decode(secret: V1Secret, key: string): string {
  const value = secret.data?.[key];
  if (value === undefined) throw new Error(`Secret ${secret.metadata?.name} has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

export function virtualKubeConfig(secret: V1Secret): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(decode(secret, 'config'));
  return kc;
}

/** Writes the Secret's kubeconfig to a file for kubectl; returns its path. */
export function kubeconfigFile(secret: V1Secret, dir: string): string {
  const path = join(dir, `${secret.metadata?.namespace}-${secret.metadata?.name}.kubeconfig`);
  writeFileSync(path, decode(secret, 'config'), { mode: 0o600 });
  return path;
}

export function kubectl(kubeconfig: string, args: string[]): string {
  return execFileSync(join(runningSandbox().binDir, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Pause as `vcluster pause` does it: annotations, then zero replicas. */
export async function pauseVCluster(namespace: string, name: string): Promise<void> {
  const apps = sandboxKubeConfig().makeApiClient(AppsV1Api);
  const sts = await apps.readNamespacedStatefulSet({ name, namespace });
  await apps.patchNamespacedStatefulSet({
    name,
    namespace,
    body: {
      metadata: {
        annotations: {
          'loft.sh/paused': 'true',
          'loft.sh/paused-replicas': String(sts.spec?.replicas ?? 1),
          'loft.sh/paused-date': String(Math.floor(Date.now() / 1000)),
        },
      },
      spec: { replicas: 0 },
    },
  }, MERGE_PATCH);
}

/** Resume as `vcluster resume` does it: the paused replica count back, annotations removed. */
export async function resumeVCluster(namespace: string, name: string): Promise<void> {
  const apps = sandboxKubeConfig().makeApiClient(AppsV1Api);
  const sts = await apps.readNamespacedStatefulSet({ name, namespace });
  const replicas = Number(sts.metadata?.annotations?.['loft.sh/paused-replicas'] ?? '1');
  await apps.patchNamespacedStatefulSet({
    name,
    namespace,
    body: {
      metadata: { annotations: { 'loft.sh/paused': null, 'loft.sh/paused-replicas': null, 'loft.sh/paused-date': null } },
      spec: { replicas },
    },
  }, MERGE_PATCH);
}
