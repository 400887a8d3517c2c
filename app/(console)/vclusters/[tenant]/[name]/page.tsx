import type { Metadata } from 'next';
import { requireUser } from '../../../session';
import { VClusterClient, type TabId } from './client';

type Params = { tenant: string; name: string };
type Search = Record<string, string | string[] | undefined>;

const TABS: TabId[] = ['overview', 'pods', 'nodes', 'options', 'kubeconfig'];

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function VClusterPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const { tenant, name } = await params;
  const search = await searchParams;
  await requireUser(`/vclusters/${tenant}/${name}`);
  const tab = typeof search.tab === 'string' && (TABS as string[]).includes(search.tab) ? (search.tab as TabId) : 'overview';
  return <VClusterClient tenant={decodeURIComponent(tenant)} name={decodeURIComponent(name)} initialTab={tab} justCreated={search.created === '1'} />;
}
