import { Badge, type Tone } from '@/components/ui/badge';

/** Colour of a `vcluster list`-style status. */
export function statusTone(status: string): Tone {
  if (status === 'Running') return 'green';
  if (status === 'Paused' || status === 'ScaledDown') return 'blue';
  if (status === 'Terminating' || status === 'Unknown' || status === 'Completed') return 'gray';
  if (/Err|BackOff|Fail|Evicted|OOM|Invalid|Unschedulable/i.test(status)) return 'red';
  return 'yellow';
}

export function StatusBadge({ status, terminating }: { status: string; terminating?: boolean }) {
  if (terminating) {
    return (
      <Badge tone="gray" dot pulse>
        Deleting
      </Badge>
    );
  }
  const tone = statusTone(status);
  return (
    <Badge tone={tone} dot pulse={tone === 'yellow'}>
      {status}
    </Badge>
  );
}
