import 'server-only';
// The frame of every signed-in page (console and admin), with "who am I" from the cache: the top
// bar's Admin link is in the served HTML, and pages that read the same query (the create form)
// render with it. Prefetched here rather than by pages, since the frame reads it before them.
import type { ReactNode } from 'react';
import { HydrationBoundary } from '@tanstack/react-query';
import { AppShell } from '@/components/shell/app-shell';
import { meView } from '@/lib/api/catalog-views';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { queryKeys } from '@/lib/client/query-keys';

export async function SignedInShell({ userName, children }: { userName: string; children: ReactNode }) {
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => queryClient.setQueryData(queryKeys.me, meView(cache, caller, admin)));
  return (
    <HydrationBoundary state={state}>
      <AppShell userName={userName}>{children}</AppShell>
    </HydrationBoundary>
  );
}
