import 'server-only';
// What /api/readyz answers: ready once the host answers and every informer of the host cache has
// listed, so a load balancer sends no user to a replica that would make them wait for the first
// sync. Says which informer is behind, never an error text (probes are unauthenticated).
import { checkHostReachable } from '@/lib/kube/host-client';
import type { InformerState } from '@/lib/kube/informer';
import { getHostCache } from '@/lib/vcluster/host-cache';
import { viewIndexOf } from './vcluster-view-index';

export interface Readiness {
  ready: boolean;
  host: 'reachable' | 'unreachable';
  informers: Record<string, InformerState>;
}

/** 'missing' (a CRD not installed yet) holds no objects, but counts as listed. */
const LISTED: ReadonlySet<InformerState> = new Set(['ready', 'missing']);

export async function readiness(): Promise<Readiness> {
  const cache = getHostCache();
  const reachable = await checkHostReachable().then(
    () => true,
    () => false,
  );
  const informers = Object.fromEntries(Object.entries(cache.status()).map(([name, status]) => [name, status.state])) as Record<string, InformerState>;
  // A relist after a dropped watch leaves the data in place: 'error' while retrying still serves.
  const synced = cache.hasSynced && Object.values(cache.status()).every((s) => LISTED.has(s.state) || (s.state === 'error' && !s.fatal));
  if (synced) viewIndexOf(cache).all();
  return { ready: reachable && synced && Object.values(informers).every((s) => s !== 'stopped'), host: reachable ? 'reachable' : 'unreachable', informers };
}
