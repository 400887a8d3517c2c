// The ResourceQuota and LimitRange in each vCluster's host namespace, from the tenant's quota.
//
// The tenant's cpu/memory/pods are for their workloads; the control plane's share (see
// control-plane-reserve.ts) is added on top, because the control plane pod runs in the same
// namespace under the same quota and must always fit. CPU and memory each bound requests and
// limits alike, so a tenant cannot overcommit the host beyond what the admin granted.
//
// Only the resources the tenant's quota names are constrained. Both objects are always emitted
// (possibly empty), so re-applying after a quota change removes what is no longer limited
// instead of leaving a stale limit behind.
//
// The ResourceQuota must be applied before the chart: the LimitRange then fills in defaults for
// the control plane's syncer, which sets no CPU limit. The quota admits pods against the
// counts only once the quota controller has filled `status.hard`.
import type { KubernetesObject, V1ResourceQuota } from '@kubernetes/client-node';
import { CONTAINER_DEFAULTS, DEFAULT_CONTROL_PLANE_RESERVE, type ResourceFootprint } from './control-plane-reserve';
import { LABEL_MANAGED_BY, MANAGED_BY_CUBBY, type Quota } from './model';
import { addBytes, addCpu } from './quantity';

export const QUOTA_NAME = 'cubby-quota';
export const LIMIT_RANGE_NAME = 'cubby-defaults';

/** The wire shape: the generated V1LimitRangeItem renames `default` to `_default`. */
interface LimitRangeObject extends KubernetesObject {
  spec: { limits: { type: string; default?: Record<string, string>; defaultRequest?: Record<string, string> }[] };
}

export interface QuotaObjectOptions {
  /** The control plane's share, added to each constrained amount. */
  reserve?: ResourceFootprint;
  /** Extra labels (tenant and vCluster, from tenantLabelsFor). */
  labels?: Record<string, string>;
}

/** `hard` of the ResourceQuota: the tenant's amounts plus the reserve, only for set fields. */
export function quotaHard(quota: Quota, reserve: ResourceFootprint = DEFAULT_CONTROL_PLANE_RESERVE): Record<string, string> {
  const hard: Record<string, string> = {};
  if (quota.cpu !== undefined) {
    hard['requests.cpu'] = addCpu(quota.cpu, reserve.requests.cpu);
    hard['limits.cpu'] = addCpu(quota.cpu, reserve.limits.cpu);
  }
  if (quota.memory !== undefined) {
    hard['requests.memory'] = addBytes(quota.memory, reserve.requests.memory);
    hard['limits.memory'] = addBytes(quota.memory, reserve.limits.memory);
  }
  if (quota.pods !== undefined) hard.pods = String(quota.pods + reserve.pods);
  return hard;
}

export function quotaObjects(quota: Quota, namespace: string, options: QuotaObjectOptions = {}): KubernetesObject[] {
  const labels = { ...options.labels, [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY };
  const resourceQuota: V1ResourceQuota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: QUOTA_NAME, namespace, labels },
    spec: { hard: quotaHard(quota, options.reserve) },
  };
  const constrained = (['cpu', 'memory'] as const).filter((resource) => quota[resource] !== undefined);
  const pick = (pair: { cpu: string; memory: string }) => Object.fromEntries(constrained.map((r) => [r, pair[r]]));
  const limitRange: LimitRangeObject = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: LIMIT_RANGE_NAME, namespace, labels: { ...labels } },
    spec: {
      limits:
        constrained.length === 0
          ? []
          : [{ type: 'Container', default: pick(CONTAINER_DEFAULTS.default), defaultRequest: pick(CONTAINER_DEFAULTS.defaultRequest) }],
    },
  };
  return [resourceQuota, limitRange];
}
