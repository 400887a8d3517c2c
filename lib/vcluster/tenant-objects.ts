// The objects of a vCluster namespace that come from the tenant rather than the chart: its quota
// (ResourceQuota and LimitRange, with the control plane's share on top, computed from the chart
// objects it will run) and its members' RBAC. Listed before the chart's objects, so the
// LimitRange's defaults are there when the control plane's pod is admitted.
import type { KubernetesObject } from '@kubernetes/client-node';
import { controlPlaneReserve } from '@/lib/tenancy/control-plane-reserve';
import type { Tenant } from '@/lib/tenancy/model';
import { namespaceAccessObjects, tenantLabelsFor } from '@/lib/tenancy/namespace-access';
import { quotaObjects } from '@/lib/tenancy/quota-objects';

export function tenantObjects(tenant: Tenant, namespace: string, name: string, chartObjects: readonly KubernetesObject[]): KubernetesObject[] {
  const labels = tenantLabelsFor(tenant, name);
  return [
    ...quotaObjects(tenant.spec.quota, namespace, { reserve: controlPlaneReserve(chartObjects), labels }),
    ...namespaceAccessObjects(tenant, namespace, name),
  ];
}
