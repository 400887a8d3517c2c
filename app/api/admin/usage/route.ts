import type { V1ResourceQuota } from '@kubernetes/client-node';
import { apiRoute } from '@/lib/api/route';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { LABEL_TENANT, LABEL_VCLUSTER } from '@/lib/tenancy/model';
import { QUOTA_NAME } from '@/lib/tenancy/quota-objects';
import { isQuantity, toMilli } from '@/lib/tenancy/quantity';
import type { NamespaceUsage, TenantUsage, UsageFigure } from '@/lib/client/admin-usage';

export const dynamic = 'force-dynamic';

// The host cache keeps no pod resources (see host-cache-projections), so requested CPU and memory
// come from the ResourceQuota each vCluster namespace has: its status is what the API server
// admits pods against, control plane included. One LIST, admins only, on the overview's load.

type Unit = 'milli' | 'bytes' | 'count';

function amount(text: string | undefined, unit: Unit): number | undefined {
  if (text === undefined || !isQuantity(text)) return undefined;
  const milli = toMilli(text);
  return Number(unit === 'milli' ? milli : (milli + 999n) / 1000n);
}

function figure(quota: V1ResourceQuota, key: string, unit: Unit): UsageFigure | undefined {
  // status.hard is filled by the quota controller; spec.hard covers a quota it has not seen yet.
  const hard = amount(quota.status?.hard?.[key] ?? quota.spec?.hard?.[key], unit);
  if (hard === undefined) return undefined;
  return { used: amount(quota.status?.used?.[key], unit) ?? 0, hard };
}

function add(a: UsageFigure | undefined, b: UsageFigure | undefined): UsageFigure | undefined {
  if (!a) return b && { ...b };
  if (!b) return a;
  return { used: a.used + b.used, hard: (a.hard ?? 0) + (b.hard ?? 0) };
}

export const GET = apiRoute('admin', async ({ host }) => {
  const list = await host.list<V1ResourceQuota>(ResourceTypes.ResourceQuota, { labelSelector: LABEL_TENANT });
  const byTenant = new Map<string, TenantUsage>();
  for (const quota of list.items) {
    const tenant = quota.metadata?.labels?.[LABEL_TENANT];
    const namespace = quota.metadata?.namespace;
    if (!tenant || !namespace || quota.metadata?.name !== QUOTA_NAME) continue;
    const row: NamespaceUsage = { namespace };
    const vcluster = quota.metadata.labels?.[LABEL_VCLUSTER];
    if (vcluster) row.vcluster = vcluster;
    const cpu = figure(quota, 'requests.cpu', 'milli');
    const memory = figure(quota, 'requests.memory', 'bytes');
    const pods = figure(quota, 'pods', 'count');
    if (cpu) row.cpu = cpu;
    if (memory) row.memory = memory;
    if (pods) row.pods = pods;
    const usage = byTenant.get(tenant) ?? { tenant, namespaces: [] };
    usage.namespaces.push(row);
    const sumCpu = add(usage.cpu, cpu);
    const sumMemory = add(usage.memory, memory);
    const sumPods = add(usage.pods, pods);
    if (sumCpu) usage.cpu = sumCpu;
    if (sumMemory) usage.memory = sumMemory;
    if (sumPods) usage.pods = sumPods;
    byTenant.set(tenant, usage);
  }
  const items = [...byTenant.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
  for (const item of items) item.namespaces.sort((a, b) => a.namespace.localeCompare(b.namespace));
  return { items };
});
