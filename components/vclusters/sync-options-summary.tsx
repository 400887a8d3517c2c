import type { EffectiveSyncOptions } from '@/lib/client/api-types';
import { syncOptionLabels } from './sync-option-labels';
import { Badge } from '@/components/ui/badge';

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
