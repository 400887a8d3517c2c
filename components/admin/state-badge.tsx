import type { VClusterView } from '@/lib/api/vcluster-views';
import { STATE_BUCKETS, stateBucket, stateLabel } from './vcluster-state';

export function StateBadge({ view }: { view: Pick<VClusterView, 'status' | 'creationStep' | 'paused' | 'terminating'> }) {
  const bucket = STATE_BUCKETS.find((b) => b.id === stateBucket(view))!;
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${bucket.badge}`}>
      <span aria-hidden="true" className={`size-1.5 rounded-full ${bucket.swatch}`} />
      {stateLabel(view)}
    </span>
  );
}
