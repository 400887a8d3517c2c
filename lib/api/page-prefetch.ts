import 'server-only';
// Pages render their data on the server: the page's server component fills a QueryClient from
// the host cache (the same functions the API routes answer with, so the data is the same shape
// under the same query keys) and hands it to the browser dehydrated; the client components' first
// render then has the data and shows no skeleton. Nothing here lists from the host.
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { pageCaller, type Caller } from '@/lib/auth/request-identity';
import { isAdmin } from '@/lib/tenancy/authorization';
import { adminGroupFromEnv } from '@/lib/tenancy/settings';
import { getHostCache, type HostCache } from '@/lib/vcluster/host-cache';

export interface PrefetchContext {
  queryClient: QueryClient;
  cache: HostCache;
  caller: Caller;
  admin: boolean;
}

/** How long a page waits for a cache still syncing (just after boot) before leaving it to the browser. */
const WAIT_FOR_SYNC_MS = 1_500;

/**
 * The dehydrated data `fill` put in, or undefined when there is no signed-in caller or the cache
 * is not synced yet: the page then renders as before and the browser fetches.
 */
export async function prefetchPage(fill: (ctx: PrefetchContext) => void): Promise<DehydratedState | undefined> {
  const caller = await pageCaller();
  if (!caller) return undefined;
  const cache = getHostCache();
  if (!cache.hasSynced) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([cache.ready().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, WAIT_FOR_SYNC_MS)))]);
    clearTimeout(timer);
    if (!cache.hasSynced) return undefined;
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
  try {
    fill({ queryClient, cache, caller, admin: isAdmin(caller, adminGroupFromEnv()) });
  } catch {
    // A 404 or a refusal is the API's answer to give; the browser asks and shows it.
  }
  return dehydrate(queryClient);
}
