import type { Metadata } from 'next';
import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchPage } from '@/lib/api/page-prefetch';
import { templatesForCaller } from '@/lib/api/catalog-views';
import { sleepViewForCaller } from '@/lib/api/sleep-mode-actions';
import { gatewayConnectionForCaller } from '@/lib/api/vcluster-actions';
import { eventsView, vClusterView } from '@/lib/api/vcluster-views';
import { connectionQuery } from '@/lib/client/queries';
import { queryKeys } from '@/lib/client/query-keys';
import { sleepQuery } from '@/lib/client/sleep-queries';
import { gatewayBaseUrl } from '@/lib/gateway/gateway-kubeconfig';
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
  // From the cache: the vCluster, its sleep view (the status line under the title shows on every
  // tab), and what the open tab reads of the cache: events, the gateway's address (when Cubby's
  // own address is configured; else the browser asks, and the API answers with the request's
  // origin), the templates. One the caller cannot see throws (404) and is left to the browser,
  // which shows the API's answer. The pods and nodes tabs read inside the vCluster
  // (pods-view.ts, virtual-nodes.ts), which is no cache read, so they stay with the browser.
  const state = await prefetchPage(({ queryClient, cache, caller, admin }) => {
    queryClient.setQueryData(queryKeys.vcluster(t, n), vClusterView(cache, caller, admin, t, n));
    queryClient.setQueryData(sleepQuery(t, n).queryKey, sleepViewForCaller(cache, caller, admin, t, n));
    if (tab === 'overview') queryClient.setQueryData(queryKeys.vclusterPart(t, n, 'events'), eventsView(cache, caller, admin, t, n));
    if (tab === 'options') queryClient.setQueryData(queryKeys.templates, templatesForCaller(cache, caller, admin));
    // Last: a malformed CUBBY_GATEWAY_URL throws here, and the panel shows the API's error.
    const gatewayBase = tab === 'overview' || tab === 'kubeconfig' ? gatewayBaseUrl() : undefined;
    if (gatewayBase) queryClient.setQueryData(connectionQuery(t, n, 'gateway').queryKey, gatewayConnectionForCaller(cache, caller, admin, t, n, gatewayBase));
  });
  return (
    <HydrationBoundary state={state}>
      <VClusterClient tenant={t} name={n} initialTab={tab} justCreated={search.created === '1'} />
    </HydrationBoundary>
  );
}
