// React Query keys, one factory so the change stream can invalidate exactly what changed.
export const queryKeys = {
  me: ['me'] as const,
  vclusters: ['vclusters'] as const,
  vcluster: (tenant: string, name: string) => ['vclusters', tenant, name] as const,
  vclusterPart: (tenant: string, name: string, part: 'pods' | 'nodes' | 'events') => ['vclusters', tenant, name, part] as const,
  tenants: ['tenants'] as const,
  tenant: (name: string) => ['tenants', name] as const,
  templates: ['templates'] as const,
  template: (name: string) => ['templates', name] as const,
  audit: (filter: Record<string, string>) => ['audit', filter] as const,
  discovered: ['discovered'] as const,
  /** One tenant's vClusters (GET /api/vclusters?tenant=): a tenant page without the whole list. */
  tenantVClusters: (tenant: string) => ['vclusters-of', tenant] as const,
  /** ResourceQuota used/hard per tenant (GET /api/admin/usage); one tenant's under its name. */
  adminUsage: ['admin-usage'] as const,
  adminUsageOf: (tenant: string) => ['admin-usage', tenant] as const,
  /** Admin overview: one row per tenant, summed on the server (GET /api/admin/overview). */
  adminOverview: ['admin-overview'] as const,
  adminSleep: ['admin-sleep'] as const,
  tokens: ['tokens'] as const,
};
