import type { EffectiveSyncOptions } from '@/lib/client/api-types';
import { Badge } from '@/components/ui/badge';

/** Short labels for the options that are on. */
export function syncOptionLabels(options: EffectiveSyncOptions): string[] {
  const labels: string[] = [];
  if (options.ingressSync) labels.push('Ingress sync');
  if (options.ingressClassSync) labels.push('IngressClass sync');
  if (options.nodeSync.enabled) {
    const selector = options.nodeSync.selector;
    if ('labels' in selector) labels.push(`Node sync: ${Object.entries(selector.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    else labels.push(selector.all ? 'Node sync: all nodes' : 'Node sync');
  }
  return labels;
}

export function SyncOptionsSummary({ options }: { options: EffectiveSyncOptions }) {
  const labels = syncOptionLabels(options);
  if (labels.length === 0) return <span className="text-sm text-slate-500 dark:text-slate-400">Defaults</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {labels.map((l) => (
        <Badge key={l} tone="indigo">
          {l}
        </Badge>
      ))}
    </span>
  );
}
