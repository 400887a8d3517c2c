// The tenancy model shared by the store, the authorization decisions and provisioning. Tenants and
// templates live in the host cluster as cluster-scoped custom resources of group cubby.dev.
import type { AllowedOptions } from '@/lib/vcluster/sync-options';
import type { ChartValues } from '@/lib/vcluster/values-tree';
import type { PodSecurityLevel } from './pod-security';
import type { TemplateSleepPolicy } from '@/lib/vcluster/sleep/sleep-policy';

export const CUBBY_API_GROUP = 'cubby.dev';
export const CUBBY_API_VERSION = `${CUBBY_API_GROUP}/v1alpha1`;

/** Labels Cubby puts on every host object it creates for a vCluster. */
export const LABEL_TENANT = 'cubby.dev/tenant';
export const LABEL_VCLUSTER = 'cubby.dev/vcluster';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_CUBBY = 'cubby';

export interface Members {
  users: string[];
  groups: string[];
}

export interface Quota {
  /** How many vClusters the tenant may have at once. */
  maxVClusters: number;
  /** Limits for each vCluster's host namespace (ResourceQuota); Kubernetes quantities. */
  cpu?: string;
  memory?: string;
  pods?: number;
}

export interface TenantSpec {
  displayName?: string;
  members: Members;
  quota: Quota;
  /** Names of the templates this tenant may create vClusters from. */
  templates: string[];
  /** Ingress host patterns the tenant's vClusters may claim on the host (ingress-hosts.ts). */
  ingressHosts?: string[];
}

export interface Tenant {
  name: string;
  spec: TenantSpec;
  resourceVersion?: string;
}

export interface TemplateSpec {
  displayName?: string;
  description?: string;
  /** Chart values every vCluster of this template starts from (admin-defined). */
  baseValues: ChartValues;
  /** The options tenants may set on top of baseValues. */
  allowedOptions: AllowedOptions;
  /** Pod Security enforced on the host namespace (pod-security.ts); baseline when unset. */
  podSecurityLevel?: PodSecurityLevel;
  /** Ingress host patterns every vCluster of this template may claim; `{tenant}`, `{vcluster}` fill in. */
  ingressHosts?: string[];
  /**
   * The vCluster chart version new vClusters of this template get, and the one "Upgrade
   * vClusters" moves its vClusters to (chart-upgrade.ts); the configured version when unset.
   */
  chartVersion?: string;
  /** Sleep mode defaults and bounds (sleep-policy.ts); absent: its vClusters never sleep. */
  sleep?: TemplateSleepPolicy;
}

export interface Template {
  name: string;
  spec: TemplateSpec;
  resourceVersion?: string;
}
