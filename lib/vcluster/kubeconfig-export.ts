// The kubeconfig a user downloads for a vCluster.
//
// The vCluster writes its kubeconfig into Secret `vc-NAME` with server `https://localhost:8443`,
// which only works inside its own pod. Users want a file that just works, so the server is
// rewritten to the first address they can reach, in the order the vcluster CLI uses for
// `vcluster connect` (explicit > LoadBalancer > NodePort), with an ingress host (never guessed,
// only when configured) placed before NodePort because it is a deliberate, named entry point.
// When none exists the file keeps a localhost server and says plainly that a port-forward is
// needed, with the exact command.
//
// Context naming: `vcluster_NAME_NAMESPACE_HOSTCONTEXT`, the vcluster CLI's scheme, so files from
// Cubby and from `vcluster connect` sit side by side in one KUBECONFIG without clashing, and
// tools that parse that scheme (the CLI's own `disconnect`) recognise them. HOSTCONTEXT is
// Cubby's name for the host cluster (default `cubby`). Cluster, user and context share the name,
// as in the CLI.

import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { isPlainObject } from './values-tree';

/** What the vCluster itself writes as server in Secret `vc-NAME`. */
export const SECRET_SERVER = 'https://localhost:8443';
/** Local port suggested for the port-forward; the same as the Secret's, so nothing else changes. */
export const DEFAULT_LOCAL_PORT = 8443;
export const DEFAULT_HOST_CONTEXT = 'cubby';
/** The Service's API port (`https`, 443 -> 8443). */
const SERVICE_HTTPS_PORT = 443;

/** The fields of the vCluster's Service read here; `V1Service` is assignable to it. */
export interface ServiceLike {
  spec?: {
    type?: string;
    clusterIP?: string;
    ports?: Array<{ name?: string; port: number; nodePort?: number }>;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export interface Reachability {
  /** An explicit server (Cubby setting, or the chart's `exportKubeConfig.server`). */
  explicitServer?: string;
  /** Service `NAME` of the vCluster. */
  service?: ServiceLike;
  /** `controlPlane.ingress.host`, only when `controlPlane.ingress.enabled` is true. */
  ingressHost?: string;
  /** An address of a host node users can reach; needed for the NodePort strategy. */
  nodeAddress?: string;
  /** `controlPlane.proxy.extraSANs`, to warn when the chosen host is not in the certificate. */
  extraSANs?: readonly string[];
}

export type ServerStrategy = 'explicit' | 'load-balancer' | 'ingress' | 'node-port' | 'port-forward';

export interface ServerChoice {
  server: string;
  strategy: ServerStrategy;
  portForwardRequired: boolean;
  /** The exact command to run first, when a port-forward is required. */
  portForwardCommand?: string;
  /** Things the user should know (TLS names, a LoadBalancer still pending, ...). */
  notes: string[];
}

export interface ChooseServerInput {
  name: string;
  namespace: string;
  reach: Reachability;
  /** Local port for a port-forward (default 8443). */
  localPort?: number;
}

/** A 4xx/5xx-worthy problem with the kubeconfig or the reachability settings. */
export class KubeconfigError extends Error {
  constructor(
    message: string,
    readonly status = 500,
  ) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

export function chooseServer(input: ChooseServerInput): ServerChoice {
  const { name, namespace, reach } = input;
  const notes: string[] = [];
  const service = reach.service;
  const httpsPort = findHttpsPort(service);
  const known = knownCertificateNames(name, namespace, reach);

  if (reach.explicitServer?.trim()) {
    const server = normalizeServer(reach.explicitServer);
    noteIfNotInCertificate(server, known, notes);
    return { server, strategy: 'explicit', portForwardRequired: false, notes };
  }

  if (service?.spec?.type === 'LoadBalancer') {
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    const address = ingress.map((entry) => entry.ip || entry.hostname).find((value) => !!value);
    if (address) {
      const port = httpsPort?.port ?? SERVICE_HTTPS_PORT;
      return { server: httpsUrl(address, port), strategy: 'load-balancer', portForwardRequired: false, notes };
    }
    notes.push('The LoadBalancer has no address yet; download again once it is assigned.');
  }

  if (reach.ingressHost?.trim()) {
    const host = reach.ingressHost.trim();
    return { server: httpsUrl(host, 443), strategy: 'ingress', portForwardRequired: false, notes };
  }

  const nodePort = httpsPort?.nodePort;
  const exposesNodePort = service?.spec?.type === 'NodePort' || service?.spec?.type === 'LoadBalancer';
  if (exposesNodePort && nodePort) {
    if (reach.nodeAddress?.trim()) {
      const server = httpsUrl(reach.nodeAddress.trim(), nodePort);
      noteIfNotInCertificate(server, known, notes);
      return { server, strategy: 'node-port', portForwardRequired: false, notes };
    }
    notes.push(`The Service has NodePort ${nodePort}, but no node address is configured to reach it.`);
  }

  const localPort = input.localPort ?? DEFAULT_LOCAL_PORT;
  if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65535) {
    throw new KubeconfigError(`local port ${localPort} is not a valid port`, 400);
  }
  const command = portForwardCommand(name, namespace, localPort);
  notes.push(`The vCluster is not exposed outside the host cluster. Run \`${command}\` and keep it running.`);
  return {
    server: `https://localhost:${localPort}`,
    strategy: 'port-forward',
    portForwardRequired: true,
    portForwardCommand: command,
    notes,
  };
}

export function portForwardCommand(name: string, namespace: string, localPort = DEFAULT_LOCAL_PORT): string {
  return `kubectl port-forward -n ${namespace} svc/${name} ${localPort}:${SERVICE_HTTPS_PORT}`;
}

export function kubeconfigContextName(name: string, namespace: string, hostContext = DEFAULT_HOST_CONTEXT): string {
  return `vcluster_${name}_${namespace}_${hostContext}`;
}

export interface ExportKubeconfigInput extends ChooseServerInput {
  /** Key `config` of Secret `vc-NAME`, decoded. */
  kubeconfig: string;
  /** Cubby's name for the host cluster, used in the context name. */
  hostContext?: string;
  /** A bearer token to use instead of the Secret's client certificate (e.g. from TokenRequest). */
  token?: string;
}

export interface KubeconfigExport extends ServerChoice {
  kubeconfig: string;
  contextName: string;
}

export function exportKubeconfig(input: ExportKubeconfigInput): KubeconfigExport {
  const source = selectEntries(parseKubeconfig(input.kubeconfig));
  const choice = chooseServer(input);
  const contextName = kubeconfigContextName(input.name, input.namespace, input.hostContext);
  // Everything but the server is kept as is: CA and client certificate data must stay
  // byte-identical, and fields like insecure-skip-tls-verify were the admin's choice.
  const cluster = { ...source.cluster, server: choice.server };
  const user = input.token !== undefined ? { token: input.token } : { ...source.user };
  const namespace = typeof source.context.namespace === 'string' ? source.context.namespace : undefined;
  return { ...choice, kubeconfig: singleContextKubeconfig({ contextName, cluster, user, namespace }), contextName };
}

/** A kubeconfig of one cluster, one user and one context, all named `contextName`. */
export function singleContextKubeconfig(input: { contextName: string; cluster: Record<string, unknown>; user: Record<string, unknown>; namespace?: string }): string {
  const { contextName } = input;
  const context: Record<string, unknown> = { cluster: contextName, user: contextName };
  if (input.namespace) context.namespace = input.namespace;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: input.cluster }],
    users: [{ name: contextName, user: input.user }],
    contexts: [{ name: contextName, context }],
    'current-context': contextName,
    preferences: {},
  };
  // lineWidth 0: never fold long scalars, so base64 data survives any YAML reader.
  return stringifyYaml(config, { lineWidth: 0, minContentWidth: 0 });
}

/** The server of the kubeconfig's current context, as written in the Secret (the sandbox strategy). */
export function readKubeconfigServer(kubeconfig: string): string {
  const server = selectEntries(parseKubeconfig(kubeconfig)).cluster.server;
  if (typeof server !== 'string' || server === '') throw new KubeconfigError('kubeconfig has no server');
  return server;
}

/** Decodes key `config` from a Secret's base64 `data` (as the API returns it). */
export function kubeconfigFromSecretData(data: Record<string, string> | undefined): string {
  const encoded = data?.config;
  if (!encoded) throw new KubeconfigError("Secret has no 'config' key");
  return Buffer.from(encoded, 'base64').toString('utf8');
}

type Entry = Record<string, unknown>;

function parseKubeconfig(text: string): Entry {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new KubeconfigError(`kubeconfig is not valid YAML: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new KubeconfigError('kubeconfig is not a mapping');
  return parsed;
}

/** The cluster, user and context of the current context (or of the only context). */
function selectEntries(config: Entry): { cluster: Entry; user: Entry; context: Entry } {
  const contexts = namedList(config.contexts, 'context');
  const current = typeof config['current-context'] === 'string' ? config['current-context'] : undefined;
  const contextEntry =
    (current !== undefined ? contexts.find((entry) => entry.name === current) : undefined) ??
    (contexts.length === 1 ? contexts[0] : undefined);
  if (!contextEntry) throw new KubeconfigError('kubeconfig has no usable current context');
  const context = contextEntry.value;
  const cluster = namedList(config.clusters, 'cluster').find((entry) => entry.name === context.cluster)?.value;
  const user = namedList(config.users, 'user').find((entry) => entry.name === context.user)?.value;
  if (!cluster) throw new KubeconfigError(`kubeconfig has no cluster '${String(context.cluster)}'`);
  if (!user) throw new KubeconfigError(`kubeconfig has no user '${String(context.user)}'`);
  return { cluster, user, context };
}

function namedList(list: unknown, field: string): Array<{ name: unknown; value: Entry }> {
  if (!Array.isArray(list)) return [];
  return list
    .filter(isPlainObject)
    .map((item) => ({ name: item.name, value: isPlainObject(item[field]) ? item[field] : {} }));
}

function findHttpsPort(service: ServiceLike | undefined) {
  const ports = service?.spec?.ports ?? [];
  return ports.find((port) => port.name === 'https') ?? ports.find((port) => port.port === SERVICE_HTTPS_PORT);
}

/** Accepts `host`, `host:port` or a full https URL; refuses anything but https. */
export function normalizeServer(raw: string): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new KubeconfigError(`'${raw}' is not a valid server address`, 400);
  }
  if (url.protocol !== 'https:') throw new KubeconfigError(`server '${raw}' must use https`, 400);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `https://${url.host}${path}`;
}

function httpsUrl(host: string, port: number): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === 443 ? `https://${bracketed}` : `https://${bracketed}:${port}`;
}

/**
 * Host names the vCluster's serving certificate includes (vcluster-facts.md): NAME, NAME.NS,
 * the ClusterIP, LoadBalancer addresses, the ingress host, extraSANs, plus localhost, which the
 * Secret's own server relies on.
 */
function knownCertificateNames(name: string, namespace: string, reach: Reachability): Set<string> {
  const names = new Set<string>([name, `${name}.${namespace}`, `${name}.${namespace}.svc`, 'localhost', '127.0.0.1']);
  const service = reach.service;
  if (service?.spec?.clusterIP) names.add(service.spec.clusterIP);
  for (const entry of service?.status?.loadBalancer?.ingress ?? []) {
    if (entry.ip) names.add(entry.ip);
    if (entry.hostname) names.add(entry.hostname);
  }
  if (reach.ingressHost?.trim()) names.add(reach.ingressHost.trim());
  for (const san of reach.extraSANs ?? []) names.add(san);
  return names;
}

function noteIfNotInCertificate(server: string, known: Set<string>, notes: string[]): void {
  const host = new URL(server).hostname.replace(/^\[|\]$/g, '');
  if (!known.has(host)) {
    notes.push(
      `'${host}' is not among the names the vCluster's certificate is known to include; add it to controlPlane.proxy.extraSANs or kubectl will fail with an x509 error.`,
    );
  }
}
