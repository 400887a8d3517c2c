// Which ingress host names a vCluster may claim on the host. With ingress sync on, a tenant's
// Ingress becomes a host Ingress read by a shared ingress controller, so a host name is a claim on
// traffic: without a limit one tenant could take another's (or the platform's) name. The allowed
// patterns come from the tenant and from its template (where `{tenant}` and `{vcluster}` stand for
// the names), are written by Cubby onto the vCluster's namespace (annotation below) and are
// enforced by the host API server itself (ingress-host-policy.ts), so nothing depends on Cubby
// running. A pattern is an exact host (`shop.example.com`) or a wildcard (`*.tenant-a.example.com`)
// that covers every name under it. Rules without a host and default backends are never allowed:
// on a shared controller they catch every host that nobody else claimed.
import { z } from 'zod';

/** On a vCluster's namespace: the allowed patterns, comma-separated. Only Cubby writes it. */
export const ANNOTATION_INGRESS_HOSTS = 'cubby.dev/allowed-ingress-hosts';

export const MAX_INGRESS_HOST_PATTERNS = 50;
const MAX_HOST_LENGTH = 253;
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const HOST = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const PLACEHOLDER = /\{(tenant|vcluster)\}/g;

/** Why a pattern is unusable, or undefined. `templates` allows the placeholders. */
export function ingressHostPatternProblem(pattern: string, options: { placeholders?: boolean } = {}): string | undefined {
  if (pattern.length === 0) return 'an ingress host pattern must not be empty';
  if (!options.placeholders && pattern.includes('{')) return `'${pattern}': {tenant} and {vcluster} can only be used in a template's patterns`;
  // Placeholders become DNS labels; check the pattern with a stand-in label in their place.
  const concrete = options.placeholders ? pattern.replace(PLACEHOLDER, 'x') : pattern;
  if (concrete.includes('{') || concrete.includes('}')) return `'${pattern}': the only placeholders are {tenant} and {vcluster}`;
  if (concrete.length > MAX_HOST_LENGTH) return `'${pattern}' is longer than ${MAX_HOST_LENGTH} characters`;
  const wildcard = concrete.startsWith('*.');
  const rest = wildcard ? concrete.slice(2) : concrete;
  if (!HOST.test(rest)) {
    return `'${pattern}' is not a host name: lowercase letters, digits, '-' and '.', optionally starting with '*.'`;
  }
  // `*.com` or `*.example` would hand out a whole public suffix.
  if (wildcard && rest.split('.').length < 2) return `'${pattern}' is too wide: a wildcard needs at least two labels after '*.'`;
  return undefined;
}

function patternList(placeholders: boolean) {
  return z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .superRefine((pattern, ctx) => {
          const problem = ingressHostPatternProblem(pattern, { placeholders });
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    )
    .max(MAX_INGRESS_HOST_PATTERNS, `at most ${MAX_INGRESS_HOST_PATTERNS} ingress host patterns`)
    .transform((items) => [...new Set(items)]);
}

export const TenantIngressHostsSchema = patternList(false);
export const TemplateIngressHostsSchema = patternList(true);

/** A template's pattern for one vCluster: the placeholders filled in. */
export function expandIngressHostPattern(pattern: string, names: { tenant: string; vcluster: string }): string {
  return pattern.replace(PLACEHOLDER, (_all, key: 'tenant' | 'vcluster') => names[key]);
}

/** The patterns a vCluster's namespace allows: the tenant's and its template's, sorted, unique. */
export function allowedIngressHosts(input: {
  tenant: string;
  vcluster: string;
  tenantPatterns?: readonly string[];
  templatePatterns?: readonly string[];
  /** The chart's own Ingress for the control plane (controlPlane.ingress.host), when enabled. */
  controlPlaneHost?: string;
}): string[] {
  const names = { tenant: input.tenant, vcluster: input.vcluster };
  const all = [
    ...(input.tenantPatterns ?? []),
    ...(input.templatePatterns ?? []).map((p) => expandIngressHostPattern(p, names)),
    ...(input.controlPlaneHost ? [input.controlPlaneHost] : []),
  ];
  return [...new Set(all.filter((p) => ingressHostPatternProblem(p) === undefined))].sort();
}

export function ingressHostsAnnotationValue(patterns: readonly string[]): string {
  return patterns.join(',');
}

export function parseIngressHostsAnnotation(value: string | undefined): string[] {
  return (value ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** The host-side rule, as the admission policy's CEL evaluates it. */
export function ingressHostAllowed(host: string, patterns: readonly string[]): boolean {
  if (!host) return false;
  return patterns.some((p) => p === host || (p.startsWith('*.') && host.endsWith(p.slice(1))));
}
