// What the admin forms and pages say about ingress host patterns, after lib/tenancy/ingress-hosts.ts:
// a vCluster's namespace allows its tenant's patterns plus its template's (placeholders filled in);
// with none at all, the host refuses every Ingress host (and Ingresses without a host always).

export const TENANT_INGRESS_HOSTS_HINT =
  "Host names this tenant's vClusters may claim with an Ingress: an exact host (shop.example.com) or a wildcard for every name under it (*.tenant-a.apps.example.com). Each of its templates can add more.";

export const TEMPLATE_INGRESS_HOSTS_HINT =
  "Added to each tenant's own patterns for vClusters of this template. {tenant} and {vcluster} stand for the names, e.g. *.{vcluster}.{tenant}.apps.example.com. A wildcard needs at least two labels after '*.'.";

/** Shown instead of the list when a tenant has no patterns of its own. */
export const TENANT_NO_INGRESS_HOSTS = "None of its own: its vClusters may only use their template's patterns; where the template has none either, every Ingress host is refused.";

/** Shown instead of the list when a template has no patterns. */
export const TEMPLATE_NO_INGRESS_HOSTS = "None: its vClusters may only use their tenant's patterns; where the tenant has none either, every Ingress host is refused.";

/** Draft text to patterns, as the API will store them: trimmed, lowercase, split on spaces and commas. */
export function draftPatterns(draft: string): string[] {
  return draft
    .split(/[\s,]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
}
