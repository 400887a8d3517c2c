// The four charts of the admin overview, from the same summaries as the table.
import { BarChart, type BarRow } from './charts/bar-chart';
import { formatBytes, formatCores, percent, plural } from './format';
import type { TenantSummary } from './tenant-summary';
import { STATE_BUCKETS } from './vcluster-state';
import type { UsageFigure } from '@/lib/client/admin-usage';

const href = (name: string) => `/admin/tenants/${encodeURIComponent(name)}`;

function quotaRows(
  rows: TenantSummary[],
  pick: (s: TenantSummary) => UsageFigure | undefined,
  limited: (s: TenantSummary) => boolean,
  format: (n: number) => string,
  what: string,
): BarRow[] {
  return rows.map((s) => {
    const figure = pick(s);
    const p = figure ? percent(figure.used, figure.hard) : undefined;
    const fill = p === undefined ? 'fill-indigo-500 dark:fill-indigo-400' : p >= 90 ? 'fill-rose-500 dark:fill-rose-400' : p >= 70 ? 'fill-amber-400 dark:fill-amber-300' : 'fill-indigo-500 dark:fill-indigo-400';
    if (s.vclusterCount === 0 || !figure) {
      // A limited quota without figures: the namespace's ResourceQuota is not there (yet, or any more).
      const why = s.vclusterCount === 0 ? 'no vClusters' : limited(s) ? 'not measured' : 'no limit';
      return { key: s.tenant.name, label: s.tenant.name, href: href(s.tenant.name), segments: [], valueText: why, description: `${s.tenant.name}: ${why}` };
    }
    const text = `${format(figure.used)} / ${format(figure.hard ?? 0)}`;
    return {
      key: s.tenant.name,
      label: s.tenant.name,
      href: href(s.tenant.name),
      capacity: figure.hard,
      segments: [{ label: `${what} requested`, value: figure.used, fill }],
      valueText: p === undefined ? text : `${text} (${p}%)`,
      description: `${s.tenant.name}: ${format(figure.used)} ${what} requested of ${format(figure.hard ?? 0)} allowed${p === undefined ? '' : `, ${p}%`}`,
    };
  });
}

export function OverviewCharts({ rows }: { rows: TenantSummary[] }) {
  const stateRows: BarRow[] = rows.map((s) => ({
    key: s.tenant.name,
    label: s.tenant.name,
    href: href(s.tenant.name),
    capacity: s.tenant.spec.quota.maxVClusters,
    segments: STATE_BUCKETS.map((b) => ({ label: b.label, value: s.counts[b.id], fill: b.fill })),
    valueText: `${s.vclusterCount} / ${s.tenant.spec.quota.maxVClusters}`,
    description: `${s.tenant.name}: ${plural(s.vclusterCount, 'vCluster')} of ${s.tenant.spec.quota.maxVClusters} allowed; ${STATE_BUCKETS.map((b) => `${s.counts[b.id]} ${b.label.toLowerCase()}`).join(', ')}`,
  }));
  const podRows: BarRow[] = rows.map((s) => ({
    key: s.tenant.name,
    label: s.tenant.name,
    href: href(s.tenant.name),
    segments: [{ label: 'Synced pods', value: s.syncedPods, fill: 'fill-violet-500 dark:fill-violet-400' }],
    valueText: String(s.syncedPods),
    description: `${s.tenant.name}: ${plural(s.syncedPods, 'synced pod')}`,
  }));
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="overview-charts">
      <BarChart
        title="vClusters by state"
        description="Bars fill the dashed track of each tenant's vCluster limit."
        rows={stateRows}
        legend={[...STATE_BUCKETS.map((b) => ({ label: b.label, swatch: b.swatch })), { label: 'Limit (maxVClusters)', swatch: 'border border-dashed border-slate-400 bg-slate-200 dark:bg-slate-800' }]}
        tickMode="integer"
      />
      <BarChart
        title="Synced pods"
        description="Pods the tenants' vClusters run on the host."
        rows={podRows}
        empty="No synced pods yet: they appear when tenants run workloads inside their vClusters."
        tickMode="integer"
      />
      <BarChart
        title="CPU requested vs quota"
        description="Summed over each tenant's vCluster namespaces (ResourceQuota requests.cpu, control plane included)."
        rows={quotaRows(rows, (s) => s.usage?.cpu, (s) => s.tenant.spec.quota.cpu !== undefined, formatCores, 'CPU')}
        formatTick={formatCores}
      />
      <BarChart
        title="Memory requested vs quota"
        description="Summed over each tenant's vCluster namespaces (ResourceQuota requests.memory, control plane included)."
        rows={quotaRows(rows, (s) => s.usage?.memory, (s) => s.tenant.spec.quota.memory !== undefined, formatBytes, 'memory')}
        formatTick={formatBytes}
        tickMode="binary"
      />
    </div>
  );
}
