// What Cubby writes onto every vCluster namespace it creates or adopts so the host API server
// itself keeps the tenant in: Pod Security labels (pod-security.ts) and the allowed ingress host
// patterns (ingress-hosts.ts, read by the admission policy in ingress-host-policy.ts). Pure: the
// provisioning plan merges it into the namespace it creates, tenant updates and adoption patch it.
import type { ChartValues } from '@/lib/vcluster/values-tree';
import type { Template, Tenant } from './model';
import { ANNOTATION_INGRESS_HOSTS, allowedIngressHosts, ingressHostsAnnotationValue } from './ingress-hosts';
import { DEFAULT_POD_SECURITY_LEVEL, podSecurityLabels, type PodSecurityLevel } from './pod-security';

export interface NamespaceGuards {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The host of the chart's own control-plane Ingress, when the values turn it on. */
export function controlPlaneIngressHost(values: ChartValues | undefined): string | undefined {
  const ingress = record(record(record(values).controlPlane).ingress);
  return ingress.enabled === true && typeof ingress.host === 'string' && ingress.host ? ingress.host : undefined;
}

export function namespaceGuards(input: {
  tenant: Pick<Tenant, 'name' | 'spec'>;
  /** Undefined for an adopted vCluster that was not made from a template. */
  template?: Pick<Template, 'spec'>;
  vcluster: string;
  values?: ChartValues;
  /** For a namespace whose template is gone: keep the level it already enforces. */
  fallbackLevel?: PodSecurityLevel;
}): NamespaceGuards {
  const level = input.template?.spec.podSecurityLevel ?? input.fallbackLevel ?? DEFAULT_POD_SECURITY_LEVEL;
  const hosts = allowedIngressHosts({
    tenant: input.tenant.name,
    vcluster: input.vcluster,
    tenantPatterns: input.tenant.spec.ingressHosts,
    templatePatterns: input.template?.spec.ingressHosts,
    controlPlaneHost: controlPlaneIngressHost(input.values),
  });
  return {
    labels: podSecurityLabels(level),
    // Always written, also when empty: an empty list is what refuses every host.
    annotations: { [ANNOTATION_INGRESS_HOSTS]: ingressHostsAnnotationValue(hosts) },
  };
}
