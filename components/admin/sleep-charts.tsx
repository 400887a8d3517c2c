// Sleep mode on the admin overview: per tenant over the last 7 days, hours asleep (a bar per
// tenant, split by day) and the CPU and memory requests sleep freed (averaged over the 7 days,
// i.e. what stood idle on average; plus what is freed right now). Drawn with the project's SVG
// bar chart: no chart library.
import type { TenantSleepFigures } from '@/lib/vcluster/sleep/sleep-view';
import { BarChart, type BarRow } from './charts/bar-chart';
import { formatBytes, formatCores } from './format';

const href = (name: string) => `/admin/tenants/${encodeURIComponent(name)}`;
const WEEK_HOURS = 7 * 24;
/** Older days lighter, today darkest. */
const DAY_FILLS = [
  'fill-indigo-200 dark:fill-indigo-900',
  'fill-indigo-300 dark:fill-indigo-800',
  'fill-indigo-300 dark:fill-indigo-700',
  'fill-indigo-400 dark:fill-indigo-600',
  'fill-indigo-500 dark:fill-indigo-500',
  'fill-indigo-600 dark:fill-indigo-400',
  'fill-indigo-700 dark:fill-indigo-300',
];

const hoursText = (h: number) => (h >= 10 ? `${Math.round(h)} h` : h > 0 && h < 0.05 ? 'under 0.1 h' : `${h.toFixed(1)} h`);

function dayLabel(offset: number, now: number): string {
  const d = new Date(now - (6 - offset) * 86_400_000);
  return offset === 6 ? 'today' : d.toLocaleDateString(undefined, { weekday: 'short', timeZone: 'UTC' });
}

export function SleepCharts({ figures, now = Date.now() }: { figures: TenantSleepFigures[]; now?: number }) {
  const hours: BarRow[] = figures.map((f) => ({
    key: f.tenant,
    label: f.tenant,
    href: href(f.tenant),
    segments: f.daily.map((h, i) => ({ label: `${dayLabel(i, now)}: ${hoursText(h)}`, value: h, fill: DAY_FILLS[i]! })),
    valueText: hoursText(f.hoursAsleep),
    description: `${f.tenant}: ${hoursText(f.hoursAsleep)} asleep over the last 7 days, summed over its vClusters`,
  }));
  const cpu: BarRow[] = figures.map((f) => {
    const average = Math.round(f.cpuMilliHours / WEEK_HOURS);
    return {
      key: f.tenant,
      label: f.tenant,
      href: href(f.tenant),
      segments: [{ label: 'CPU requests freed, 7-day average', value: average, fill: 'fill-emerald-500 dark:fill-emerald-400' }],
      valueText: `${formatCores(average)} avg · ${formatCores(f.freedNow.cpuMilli)} now`,
      description: `${f.tenant}: ${formatCores(average)} of CPU requests freed on average over 7 days, ${formatCores(f.freedNow.cpuMilli)} freed now`,
    };
  });
  const memory: BarRow[] = figures.map((f) => {
    const average = Math.round(f.memoryByteHours / WEEK_HOURS);
    return {
      key: f.tenant,
      label: f.tenant,
      href: href(f.tenant),
      segments: [{ label: 'Memory requests freed, 7-day average', value: average, fill: 'fill-sky-500 dark:fill-sky-400' }],
      valueText: `${formatBytes(average)} avg · ${formatBytes(f.freedNow.memoryBytes)} now`,
      description: `${f.tenant}: ${formatBytes(average)} of memory requests freed on average over 7 days, ${formatBytes(f.freedNow.memoryBytes)} freed now`,
    };
  });
  const empty = 'Nothing slept in the last 7 days. Give a template a sleep policy to let its vClusters sleep when idle or on a schedule.';
  const nothingFreed = 'No requests were freed over the last 7 days (or too few to show).';
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="sleep-charts">
      <div className="lg:col-span-2">
        <BarChart
          title="Hours asleep, last 7 days"
          description="Summed over each tenant's vClusters; one shade per day, today darkest."
          rows={hours}
          formatTick={(v) => `${v} h`}
          empty={empty}
        />
      </div>
      <BarChart title="CPU requests freed" description="Requests of the control planes and synced pods that stopped while asleep, averaged over 7 days." rows={cpu} formatTick={formatCores} empty={nothingFreed} />
      <BarChart title="Memory requests freed" description="The same for memory." rows={memory} formatTick={formatBytes} tickMode="binary" empty={nothingFreed} />
    </div>
  );
}
