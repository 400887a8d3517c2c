import type { UsageFigure } from '@/lib/client/admin-usage';
import { percent } from './format';

/** "used / hard" with a small meter; "no limit" where the quota does not limit it. */
export function UsageCell({ figure, format, noVClusters, limited }: { figure?: UsageFigure; format: (n: number) => string; noVClusters?: boolean; limited?: boolean }) {
  if (noVClusters) return <span className="text-slate-400 dark:text-slate-500">—</span>;
  if (!figure || figure.hard === undefined) {
    // A limited quota without figures: its ResourceQuota is not there yet (or any more).
    if (limited) return <span className="text-slate-400 dark:text-slate-500" title="No ResourceQuota figures yet">—</span>;
    return <span className="text-slate-500 dark:text-slate-400">no limit</span>;
  }
  const p = percent(figure.used, figure.hard) ?? 0;
  const tone = p >= 90 ? 'bg-rose-500 dark:bg-rose-400' : p >= 70 ? 'bg-amber-400 dark:bg-amber-300' : 'bg-indigo-500 dark:bg-indigo-400';
  return (
    <div className="min-w-32">
      <div className="tabular-nums">
        {format(figure.used)} <span className="text-slate-500 dark:text-slate-400">/ {format(figure.hard)}</span>
      </div>
      <div className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={p} aria-label={`${p}% of quota`}>
        <div className={`h-full ${tone}`} style={{ width: `${Math.min(100, p)}%` }} />
      </div>
    </div>
  );
}
