// The four states the admin overview counts vClusters by, from the status the API reports.
import type { StateBucket } from '@/lib/vcluster/state-bucket';

export { countStates, stateBucket, stateLabel, type StateBucket, type StateCounts } from '@/lib/vcluster/state-bucket';

export const STATE_BUCKETS: ReadonlyArray<{ id: StateBucket; label: string; fill: string; swatch: string; badge: string }> = [
  {
    id: 'running',
    label: 'Running',
    fill: 'fill-emerald-500 dark:fill-emerald-400',
    swatch: 'bg-emerald-500 dark:bg-emerald-400',
    badge: 'bg-emerald-100 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-900/50 dark:text-emerald-200 dark:ring-emerald-400/30',
  },
  {
    id: 'pending',
    label: 'Pending',
    fill: 'fill-amber-400 dark:fill-amber-300',
    swatch: 'bg-amber-400 dark:bg-amber-300',
    badge: 'bg-amber-100 text-amber-900 ring-amber-600/20 dark:bg-amber-900/50 dark:text-amber-100 dark:ring-amber-400/30',
  },
  {
    id: 'paused',
    label: 'Paused',
    fill: 'fill-sky-400 dark:fill-sky-300',
    swatch: 'bg-sky-400 dark:bg-sky-300',
    badge: 'bg-sky-100 text-sky-900 ring-sky-600/20 dark:bg-sky-900/50 dark:text-sky-100 dark:ring-sky-400/30',
  },
  {
    id: 'other',
    label: 'Other',
    fill: 'fill-rose-500 dark:fill-rose-400',
    swatch: 'bg-rose-500 dark:bg-rose-400',
    badge: 'bg-rose-100 text-rose-900 ring-rose-600/20 dark:bg-rose-900/50 dark:text-rose-100 dark:ring-rose-400/30',
  },
];

