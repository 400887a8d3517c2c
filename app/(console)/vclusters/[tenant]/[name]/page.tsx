import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { eventsView, vClusterView } from '@/lib/api/vcluster-views';
import { queryKeys } from '@/lib/client/query-keys';
import { requireUser } from '../../../session';
import { VClusterClient, type TabId } from './client';

type Params = { tenant: string; name: string };
type Search = Record<string, string | string[] | undefined>;

const TABS: TabId[] = ['overview', 'pods', 'nodes', 'options', 'sleep', 'kubeconfig'];

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function VClusterPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { tenant, name } = await params;
  const search = await searchParams;
  await requireUser(`/vclusters/${tenant}/${name}`);
  const tab = typeof search.tab === 'string' && (TABS as string[]).includes(search.tab) ? (search.tab as TabId) : 'overview';
  const t = decodeURIComponent(tenant);
  const n = decodeURIComponent(name);
  // The vCluster and its events from the cache; one the caller cannot see throws (404) and is
  // left to the browser, which shows the API's answer. The pods tab also reads inside the
  // vCluster (pods-view.ts), which is no cache read, so it stays with the browser.
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => {
    queryClient.setQueryData(queryKeys.vcluster(t, n), vClusterView(cache, caller, admin, t, n));
    if (tab === 'overview') queryClient.setQueryData(queryKeys.vclusterPart(t, n, 'events'), eventsView(cache, caller, admin, t, n));
  });
  return (
    <HydrationBoundary state={state}>
      <VClusterClient tenant={t} name={n} initialTab={tab} justCreated={search.created === '1'} />
    </HydrationBoundary>
  );
}
