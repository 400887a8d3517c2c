// The names the vCluster chart gives the objects it renders outside the vCluster's namespace.
// The chart builds them as `printf "vc-%s-v-%s" NAME NS | trunc 63 | trimSuffix "-"` (and
// `vc-mn-...` for the multi-namespace role), so two vClusters whose `vc-NAME-v-NS` agree in the
// first 63 characters get the SAME ClusterRole and ClusterRoleBinding. Cubby's host namespace is
// `vc-<tenant>--<name>`, so the uncut name is `vc-NAME-v-vc-TENANT--NAME`: 11 + 2*|NAME| + |TENANT|
// characters, which a 40-character name alone pushes past 63. Name rules cannot prevent the cut
// without limiting names to about 17 characters (and helm-made vClusters Cubby adopts follow no
// Cubby rule at all), so the clash is refused where it happens instead (cluster-scoped-owner.ts).

/** Kubernetes object names in the chart's helpers are cut to a DNS label's length. */
export const CHART_NAME_LIMIT = 63;

/** Helm's `trunc 63 | trimSuffix "-"`: cut, then drop ONE trailing hyphen (Go's strings.TrimSuffix). */
export function helmTruncTrim(text: string, limit = CHART_NAME_LIMIT): string {
  // trunc counts characters (runes); names here are ASCII, where that is the same as bytes.
  const cut = [...text].slice(0, limit).join('');
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** ClusterRole and ClusterRoleBinding of node sync and the other cluster-wide syncs. */
export function chartClusterRoleName(release: string, namespace: string): string {
  return helmTruncTrim(`vc-${release}-v-${namespace}`);
}

/** ClusterRole and ClusterRoleBinding that replace Role `vc-NAME` when namespace sync is on. */
export function chartMultiNamespaceRoleName(release: string, namespace: string): string {
  return helmTruncTrim(`vc-mn-${release}-v-${namespace}`);
}

/** Every cluster-scoped name the chart may use for a release. */
export function chartClusterScopedNames(release: string, namespace: string): string[] {
  return [chartClusterRoleName(release, namespace), chartMultiNamespaceRoleName(release, namespace)];
}
