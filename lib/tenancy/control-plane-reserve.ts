// What a vCluster's own control plane takes out of its namespace's ResourceQuota. The tenant's
// quota means "for your workloads"; Cubby adds this share on top, so a tenant with a small quota
// still gets a vCluster that starts, and the quota the tenant sees is the quota they get.
//
// Computed from the rendered chart objects rather than assumed, because a template can change
// the control plane's resources and replica count.
import type { KubernetesObject, V1Container, V1PodSpec } from '@kubernetes/client-node';
import { formatBytes, formatCpu, toMilli } from './quantity';

export interface ResourcePair {
  cpu: string;
  memory: string;
}

export interface ResourceFootprint {
  requests: ResourcePair;
  limits: ResourcePair;
  pods: number;
}

/**
 * Defaults for containers that name no resources (LimitRange `cubby-defaults`): the same numbers
 * the vCluster chart uses for its own LimitRange (`policies.limitRange`), so workloads behave
 * under Cubby as under a vCluster that enforces its own policies.
 *   - Requests 100m / 128Mi: a quota of a couple of CPUs holds many small unannotated pods, and
 *     the scheduler still spreads them.
 *   - Limits 1 CPU / 512Mi: the chart's syncer sets no CPU limit, so it gets this one; one core
 *     lets the virtual API server start in reasonable time, and it sits well above the syncer's
 *     200m request (a default limit below a container's request makes the API server reject
 *     the pod).
 * A container that requests more than these and sets no limit is rejected for the same reason;
 * such containers must state their limits, which the API server's message says.
 */
export const CONTAINER_DEFAULTS = {
  defaultRequest: { cpu: '100m', memory: '128Mi' },
  default: { cpu: '1', memory: '512Mi' },
} as const satisfies { defaultRequest: ResourcePair; default: ResourcePair };

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
type Milli = { cpu: bigint; memory: bigint };

/** A container's requests and limits after API defaulting and the LimitRange. */
function containerAmounts(container: Pick<V1Container, 'resources'>): { requests: Milli; limits: Milli } {
  const resources = (container.resources ?? {}) as Resources;
  const pick = (resource: 'cpu' | 'memory') => {
    const limit = resources.limits?.[resource] ?? CONTAINER_DEFAULTS.default[resource];
    // The API server copies a set limit into a missing request before the LimitRange runs.
    const request = resources.requests?.[resource] ?? resources.limits?.[resource] ?? CONTAINER_DEFAULTS.defaultRequest[resource];
    return { request: toMilli(String(request)), limit: toMilli(String(limit)) };
  };
  const cpu = pick('cpu');
  const memory = pick('memory');
  return { requests: { cpu: cpu.request, memory: memory.request }, limits: { cpu: cpu.limit, memory: memory.limit } };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** What the quota charges for one pod: the larger of its containers' sum and any init container. */
function podAmounts(spec: Pick<V1PodSpec, 'containers' | 'initContainers'>): { requests: Milli; limits: Milli } {
  const sum = { requests: { cpu: 0n, memory: 0n }, limits: { cpu: 0n, memory: 0n } };
  for (const container of spec.containers ?? []) {
    const amounts = containerAmounts(container);
    for (const kind of ['requests', 'limits'] as const) {
      sum[kind].cpu += amounts[kind].cpu;
      sum[kind].memory += amounts[kind].memory;
    }
  }
  for (const init of spec.initContainers ?? []) {
    const amounts = containerAmounts(init);
    for (const kind of ['requests', 'limits'] as const) {
      sum[kind].cpu = max(sum[kind].cpu, amounts[kind].cpu);
      sum[kind].memory = max(sum[kind].memory, amounts[kind].memory);
    }
  }
  return sum;
}

function format(amounts: { requests: Milli; limits: Milli }, pods: number): ResourceFootprint {
  return {
    requests: { cpu: formatCpu(amounts.requests.cpu), memory: formatBytes(amounts.requests.memory) },
    limits: { cpu: formatCpu(amounts.limits.cpu), memory: formatBytes(amounts.limits.memory) },
    pods,
  };
}

/** The quota charge of `pods` copies of one pod. */
export function podFootprint(spec: Pick<V1PodSpec, 'containers' | 'initContainers'>, pods = 1): ResourceFootprint {
  const one = podAmounts(spec);
  const times = BigInt(pods);
  return format(
    {
      requests: { cpu: one.requests.cpu * times, memory: one.requests.memory * times },
      limits: { cpu: one.limits.cpu * times, memory: one.limits.memory * times },
    },
    pods,
  );
}

interface WorkloadObject extends KubernetesObject {
  spec?: {
    replicas?: number;
    strategy?: { type?: string };
    template?: { spec?: Pick<V1PodSpec, 'containers' | 'initContainers'> };
  };
}

/**
 * The reserve for a rendered chart: every StatefulSet and Deployment in it (the control plane;
 * the chart renders a Deployment when persistence is off). A Deployment rolling out runs one
 * extra pod beside the old one, so it is charged one replica more; a StatefulSet replaces pods
 * one at a time.
 */
export function controlPlaneReserve(objects: readonly KubernetesObject[]): ResourceFootprint {
  const total = { requests: { cpu: 0n, memory: 0n }, limits: { cpu: 0n, memory: 0n } };
  let pods = 0;
  for (const object of objects as WorkloadObject[]) {
    if (object.kind !== 'StatefulSet' && object.kind !== 'Deployment') continue;
    const replicas = object.spec?.replicas ?? 1;
    const surge = object.kind === 'Deployment' && object.spec?.strategy?.type !== 'Recreate' ? 1 : 0;
    const count = replicas + surge;
    const amounts = podAmounts(object.spec?.template?.spec ?? { containers: [] });
    for (const kind of ['requests', 'limits'] as const) {
      total[kind].cpu += amounts[kind].cpu * BigInt(count);
      total[kind].memory += amounts[kind].memory * BigInt(count);
    }
    pods += count;
  }
  return format(total, pods);
}

/**
 * The control plane of the chart's default values (0.36.1, mirrored by the sandbox's test
 * chart): syncer requests 200m / 256Mi and limits memory 4Gi (no CPU limit, so the LimitRange
 * default applies); init container `kubernetes` 40m / 64Mi, limits 100m / 256Mi; one replica.
 * For when the rendered objects are not at hand; prefer controlPlaneReserve(rendered).
 */
export const DEFAULT_CONTROL_PLANE_RESERVE: ResourceFootprint = podFootprint({
  containers: [{ name: 'syncer', resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '4Gi' } } }],
  initContainers: [{ name: 'kubernetes', resources: { requests: { cpu: '40m', memory: '64Mi' }, limits: { cpu: '100m', memory: '256Mi' } } }],
});

export const NO_RESERVE: ResourceFootprint = { requests: { cpu: '0', memory: '0' }, limits: { cpu: '0', memory: '0' }, pods: 0 };
