// The chart's kubelet proxy (`networking.advanced.proxyKubelets.byHostname` and `.byIP`, both on
// by default in 0.36.1) rewrites kubelet metrics and stats for tools inside the vCluster. With
// node sync on, it makes the chart's ClusterRole grant `get` on nodes/proxy, nodes/metrics and
// nodes/stats: nodes/proxy reaches every kubelet's API, exec into any pod on the node included.
// Cubby's installation does not hold those rights (so it cannot hand them on), and a tenant's
// syncer should not have them. So when node sync is on and the template does not decide, Cubby
// turns the kubelet proxy off; a template that sets either key keeps its choice (and then needs
// an installation with rbac.allowTemplateClusterRules). What is lost: kubelet metrics of synced
// nodes inside the vCluster (`kubectl top node`, node exporters).
import type { ChartValues } from './values-tree';

export const KUBELET_PROXY_PATH = ['networking', 'advanced', 'proxyKubelets'] as const;

function child(values: ChartValues | undefined, key: string): ChartValues | undefined {
  const value = values?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ChartValues) : undefined;
}

/** The values with the kubelet proxy off when node sync is on and the template left it unset. */
export function withoutKubeletProxyForNodeSync(values: ChartValues, templateValues: ChartValues): ChartValues {
  const nodeSync = child(child(child(values, 'sync'), 'fromHost'), 'nodes')?.enabled === true;
  const decided = child(child(child(templateValues, 'networking'), 'advanced'), 'proxyKubelets');
  if (!nodeSync || (decided && ('byHostname' in decided || 'byIP' in decided))) return values;
  const networking = { ...(child(values, 'networking') ?? {}) };
  const advanced = { ...(child(networking, 'advanced') ?? {}) };
  advanced.proxyKubelets = { ...(child(advanced, 'proxyKubelets') ?? {}), byHostname: false, byIP: false };
  networking.advanced = advanced;
  return { ...values, networking };
}
