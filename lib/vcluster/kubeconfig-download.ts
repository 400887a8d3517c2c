import 'server-only';
// The kubeconfig a user downloads. Secret `vc-NAME` is read once the host's RBAC says the user may
// (their Role allows `get` on exactly that Secret), so the API server decides who gets admin
// credentials of which vCluster. The server is rewritten by kubeconfig-export.ts to what the user can reach:
// an explicit setting (Cubby's `CUBBY_VCLUSTER_SERVER_OVERRIDE` template, then the chart's
// `exportKubeConfig.server`), a LoadBalancer, the control-plane ingress host, a NodePort, or a
// port-forward it spells out. In the sandbox the vCluster runtime marks the Secret's own server
// as reachable, and that is used.
//
// With `token`, the file carries a short-lived bearer token instead of the admin certificate:
// Cubby creates (once) ServiceAccount `kube-system/cubby-user` bound to cluster-admin inside the
// vCluster and asks the vCluster's TokenRequest API for a token of the requested lifetime.
import type { KubernetesObject, V1Secret, V1Service } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { hostContextName } from '@/lib/kube/config';
import { type ResourceType, ResourceTypes } from '@/lib/kube/resource-types';
import { storedState } from './host-metadata';
import {
  DEFAULT_HOST_CONTEXT,
  type KubeconfigExport,
  type Reachability,
  exportKubeconfig,
  kubeconfigFromSecretData,
  readKubeconfigServer,
} from './kubeconfig-export';
import type { LifecycleDeps } from './lifecycle-deps';
import { VClusterError } from './lifecycle-error';
import type { Actor } from './tenant-authorization';
import { type ChartValues, getPath, isPlainObject } from './values-tree';
import {
  type VClusterAccessSettings,
  readKubeconfigSecret,
  vClusterAccessSettings,
  vClusterClientFromSecret,
} from './vcluster-access';
import { type VClusterRef, resolveVCluster } from './vcluster-ref';

/**
 * Annotation the sandbox's vCluster runtime puts on Secret `vc-NAME` when the Secret's server is
 * reachable from the host machine. Honoured only with the `secret-server` access strategy, so a
 * real cluster never trusts it.
 */
export const SANDBOX_SERVER_ANNOTATION = 'sandbox.cubby.dev/server';

export const TOKEN_SERVICE_ACCOUNT = 'cubby-user';
export const TOKEN_NAMESPACE = 'kube-system';
/** The API server's floor for TokenRequest is 10 minutes. */
export const MIN_TOKEN_SECONDS = 600;
/** Short-lived means short: at most a week. */
export const MAX_TOKEN_SECONDS = 7 * 24 * 3600;

export interface KubeconfigDownloadSettings {
  /** e.g. `https://{name}.{namespace}.example.com`; `{tenant}` is also replaced. */
  serverOverride?: string;
  /** A host node address users can reach, for NodePort Services. */
  nodeAddress?: string;
  /** Cubby's name for the host cluster in context names. */
  hostContext: string;
  access: VClusterAccessSettings;
}

const DownloadEnv = z.object({
  CUBBY_VCLUSTER_SERVER_OVERRIDE: z.string().trim().optional(),
  CUBBY_VCLUSTER_NODE_ADDRESS: z.string().trim().optional(),
  CUBBY_HOST_CONTEXT: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
    .optional(),
});

export function kubeconfigDownloadSettings(env: Record<string, string | undefined> = process.env): KubeconfigDownloadSettings {
  const parsed = DownloadEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid kubeconfig setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  // Like `vcluster connect`: the context ends in the host's context name, so a file from Cubby
  // and one from the CLI merge into one entry per vCluster.
  const hostContext = e.CUBBY_HOST_CONTEXT || hostContextName(env) || DEFAULT_HOST_CONTEXT;
  const settings: KubeconfigDownloadSettings = { hostContext, access: vClusterAccessSettings(env) };
  if (e.CUBBY_VCLUSTER_SERVER_OVERRIDE) settings.serverOverride = e.CUBBY_VCLUSTER_SERVER_OVERRIDE;
  if (e.CUBBY_VCLUSTER_NODE_ADDRESS) settings.nodeAddress = e.CUBBY_VCLUSTER_NODE_ADDRESS;
  return settings;
}

export const TokenOptionSchema = z.strictObject({
  expirationSeconds: z.number().int().min(MIN_TOKEN_SECONDS).max(MAX_TOKEN_SECONDS),
});

export interface DownloadKubeconfigInput {
  tenant: string;
  name: string;
  actor: Actor;
  /** A short-lived token instead of the admin certificate. */
  token?: { expirationSeconds: number };
  /** Local port for the port-forward fallback. */
  localPort?: number;
}

export interface KubeconfigDownload extends KubeconfigExport {
  ref: VClusterRef;
  /** When the token expires (ISO 8601), for token kubeconfigs. */
  tokenExpiresAt?: string;
}

export async function downloadKubeconfig(
  deps: LifecycleDeps,
  input: DownloadKubeconfigInput,
  settings: KubeconfigDownloadSettings = kubeconfigDownloadSettings(),
): Promise<KubeconfigDownload> {
  const token = input.token === undefined ? undefined : parseTokenOption(input.token);
  const { ref, namespace } = await resolveVCluster(deps.client, input.tenant, input.name);
  const secret = await readKubeconfigSecret(deps.client, input.actor, ref);
  const kubeconfig = kubeconfigFromSecretData(secret.data);

  // The user is authorised now (they read the Secret); the rest is not secret and Cubby reads it.
  const values = (await liveValues(deps.client, ref)) ?? storedState(namespace).values ?? {};
  const service = await deps.client.find<V1Service>(ResourceTypes.Service, ref.name, ref.namespace);
  const reach: Reachability = {};
  const explicit = explicitServer(settings, ref, values, secret, kubeconfig);
  if (explicit) reach.explicitServer = explicit;
  if (service) reach.service = service;
  if (getPath(values, ['controlPlane', 'ingress', 'enabled']) === true) {
    const host = getPath(values, ['controlPlane', 'ingress', 'host']);
    if (typeof host === 'string' && host) reach.ingressHost = host;
  }
  const sans = getPath(values, ['controlPlane', 'proxy', 'extraSANs']);
  if (Array.isArray(sans)) reach.extraSANs = sans.filter((s): s is string => typeof s === 'string');
  if (settings.nodeAddress) reach.nodeAddress = settings.nodeAddress;

  let bearer: { token: string; expiresAt?: string } | undefined;
  if (token) {
    const vcluster = vClusterClientFromSecret(secret, ref, settings.access, deps.client);
    try {
      bearer = await requestToken(vcluster, token.expirationSeconds);
    } finally {
      vcluster.close();
    }
  }

  const exported = exportKubeconfig({
    kubeconfig,
    name: ref.name,
    namespace: ref.namespace,
    reach,
    hostContext: settings.hostContext,
    ...(bearer ? { token: bearer.token } : {}),
    ...(input.localPort !== undefined ? { localPort: input.localPort } : {}),
  });
  return { ...exported, ref, ...(bearer?.expiresAt ? { tokenExpiresAt: bearer.expiresAt } : {}) };
}

function parseTokenOption(input: unknown): { expirationSeconds: number } {
  const parsed = TokenOptionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = ['token', ...issue.path.map(String)].join('.');
  throw new VClusterError(
    400,
    'invalid_input',
    `Invalid '${field}': ${issue.message} (a token lives between ${MIN_TOKEN_SECONDS} and ${MAX_TOKEN_SECONDS} seconds).`,
    { field },
  );
}

/** The values the chart rendered with, from its config Secret `vc-config-NAME` (all values, defaults included). */
async function liveValues(client: KubeClient, ref: VClusterRef): Promise<ChartValues | undefined> {
  const secret = await client.find<V1Secret>(ResourceTypes.Secret, `vc-config-${ref.name}`, ref.namespace);
  const encoded = secret?.data?.['config.yaml'];
  if (!encoded) return undefined;
  try {
    const parsed: unknown = parseYaml(Buffer.from(encoded, 'base64').toString('utf8'));
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function explicitServer(
  settings: KubeconfigDownloadSettings,
  ref: VClusterRef,
  values: ChartValues,
  secret: V1Secret,
  kubeconfig: string,
): string | undefined {
  if (settings.serverOverride) {
    return settings.serverOverride
      .replaceAll('{name}', ref.name)
      .replaceAll('{namespace}', ref.namespace)
      .replaceAll('{tenant}', ref.tenant);
  }
  const fromValues = getPath(values, ['exportKubeConfig', 'server']);
  if (typeof fromValues === 'string' && fromValues.trim()) return fromValues.trim();
  if (settings.access.strategy === 'secret-server') {
    const marker = secret.metadata?.annotations?.[SANDBOX_SERVER_ANNOTATION];
    if (marker && /^https:\/\//.test(marker)) return marker;
    if (marker && marker !== 'false') return readKubeconfigServer(kubeconfig);
  }
  return undefined;
}

/**
 * A token for `kube-system/cubby-user` inside the vCluster. The ServiceAccount and its
 * cluster-admin binding are created on first use and left in place: later downloads only mint
 * tokens, and revoking all of them at once is deleting that ServiceAccount.
 */
export async function requestToken(vcluster: KubeClient, expirationSeconds: number): Promise<{ token: string; expiresAt?: string }> {
  try {
    await ensureObject(vcluster, ResourceTypes.ServiceAccount, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: TOKEN_SERVICE_ACCOUNT, namespace: TOKEN_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'cubby' } },
    });
    await ensureObject(vcluster, ResourceTypes.ClusterRoleBinding, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: TOKEN_SERVICE_ACCOUNT, labels: { 'app.kubernetes.io/managed-by': 'cubby' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: TOKEN_SERVICE_ACCOUNT, namespace: TOKEN_NAMESPACE }],
    } as KubernetesObject);
    const response = await vcluster.request<{ status?: { token?: string; expirationTimestamp?: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${TOKEN_NAMESPACE}/serviceaccounts/${TOKEN_SERVICE_ACCOUNT}/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } },
      ref: { kind: 'ServiceAccount', namespace: TOKEN_NAMESPACE, name: TOKEN_SERVICE_ACCOUNT },
    });
    const token = response.status?.token;
    if (!token) throw new Error('TokenRequest returned no token');
    const result: { token: string; expiresAt?: string } = { token };
    if (response.status?.expirationTimestamp) result.expiresAt = new Date(response.status.expirationTimestamp).toISOString();
    return result;
  } catch (error) {
    if (error instanceof KubeError) {
      throw new VClusterError(502, 'vcluster_unreachable', `Could not get a token from the vCluster: ${error.message}`, undefined, { cause: error });
    }
    throw error;
  }
}

async function ensureObject(client: KubeClient, type: ResourceType, object: KubernetesObject): Promise<void> {
  if (await client.find(type, object.metadata!.name!, object.metadata?.namespace)) return;
  try {
    await client.create(type, object);
  } catch (error) {
    // Two downloads at once: the other one created it.
    if (!(error instanceof KubeError && error.status === 409)) throw error;
  }
}
