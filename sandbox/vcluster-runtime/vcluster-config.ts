// The parts of a vCluster's config.yaml (Secret vc-config-NAME) the runtime acts on, with the
// chart's defaults for whatever a values file leaves out. Unknown keys are ignored here: the
// chart's schema is what rejects them.
import { parse } from 'yaml';

export interface VClusterConfig {
  sync: {
    toHost: { pods: boolean; services: boolean; ingresses: boolean };
    fromHost: {
      nodes: {
        enabled: boolean;
        syncBackChanges: boolean;
        clearImageStatus: boolean;
        selector: { all: boolean; labels: Record<string, string> };
      };
    };
  };
  /** Extra names for the serving certificate (controlPlane.proxy.extraSANs). */
  extraSANs: string[];
  exportKubeConfig: { server: string; context: string };
  /** Name of the service account synced pods run as on the host. */
  workloadServiceAccount: string;
  proxyKubelets: { byHostname: boolean; byIP: boolean };
}

type Tree = Record<string, unknown>;

function at(tree: unknown, path: string[]): unknown {
  let node = tree;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Tree)[key];
  }
  return node;
}

function bool(tree: unknown, path: string[], fallback: boolean): boolean {
  const value = at(tree, path);
  // Helm users write "true" as often as true.
  if (value === 'true') return true;
  if (value === 'false') return false;
  return typeof value === 'boolean' ? value : fallback;
}

function str(tree: unknown, path: string[], fallback: string): string {
  const value = at(tree, path);
  return typeof value === 'string' ? value : fallback;
}

function strings(tree: unknown, path: string[]): string[] {
  const value = at(tree, path);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

function stringMap(tree: unknown, path: string[]): Record<string, string> {
  const value = at(tree, path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Tree)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

/** Reads config.yaml text; an empty or missing document means all defaults. */
export function parseVClusterConfig(text: string | undefined, vclusterName: string): VClusterConfig {
  const tree: unknown = text ? parse(text) : {};
  const nodes = ['sync', 'fromHost', 'nodes'];
  return {
    sync: {
      toHost: {
        pods: bool(tree, ['sync', 'toHost', 'pods', 'enabled'], true),
        services: bool(tree, ['sync', 'toHost', 'services', 'enabled'], true),
        ingresses: bool(tree, ['sync', 'toHost', 'ingresses', 'enabled'], false),
      },
      fromHost: {
        nodes: {
          enabled: bool(tree, [...nodes, 'enabled'], false),
          syncBackChanges: bool(tree, [...nodes, 'syncBackChanges'], false),
          clearImageStatus: bool(tree, [...nodes, 'clearImageStatus'], false),
          selector: {
            all: bool(tree, [...nodes, 'selector', 'all'], false),
            labels: stringMap(tree, [...nodes, 'selector', 'labels']),
          },
        },
      },
    },
    extraSANs: strings(tree, ['controlPlane', 'proxy', 'extraSANs']),
    exportKubeConfig: {
      server: str(tree, ['exportKubeConfig', 'server'], ''),
      context: str(tree, ['exportKubeConfig', 'context'], ''),
    },
    workloadServiceAccount:
      str(tree, ['controlPlane', 'advanced', 'workloadServiceAccount', 'name'], '') || `vc-workload-${vclusterName}`,
    proxyKubelets: {
      byHostname: bool(tree, ['networking', 'advanced', 'proxyKubelets', 'byHostname'], true),
      byIP: bool(tree, ['networking', 'advanced', 'proxyKubelets', 'byIP'], true),
    },
  };
}

/** Labels every synced pod must carry as nodeSelector, so it lands on a node the vCluster shows. */
export function enforcedNodeSelector(config: VClusterConfig): Record<string, string> {
  const nodes = config.sync.fromHost.nodes;
  return nodes.enabled ? nodes.selector.labels : {};
}
