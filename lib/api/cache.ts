import 'server-only';
import { getHostCache, type HostCache } from '@/lib/vcluster/host-cache';

/** The shared host cache, synced before its first read. */
export async function readyCache(): Promise<HostCache> {
  const cache = getHostCache();
  await cache.ready();
  return cache;
}
