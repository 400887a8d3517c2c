'use client';
import type { VClusterView } from '@/lib/client/api-types';
import { formatAge, useNow } from '@/components/ui/time';

/** "12m ago by alice · 2 open streams", from the gateway's record of use. */
export function LastUsed({ lastUsed, openStreams }: Pick<VClusterView, 'lastUsed' | 'openStreams'>) {
  const now = useNow(15_000);
  if (!lastUsed) return <span className="text-slate-500 dark:text-slate-400">Not yet through Cubby</span>;
  return (
    <span>
      {/* Rendered on the server a moment earlier than hydrated: the text may differ by seconds. */}
      <time dateTime={lastUsed.at} title={new Date(lastUsed.at).toLocaleString()} suppressHydrationWarning>
        {formatAge((now - new Date(lastUsed.at).getTime()) / 1000)} ago
      </time>
      {lastUsed.by && <> by {lastUsed.by}</>}
      {openStreams ? (
        <span className="text-slate-500 dark:text-slate-400">
          {' '}
          · {openStreams} open {openStreams === 1 ? 'stream' : 'streams'}
        </span>
      ) : null}
    </span>
  );
}
