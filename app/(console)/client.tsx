'use client';
import { useQuery } from '@tanstack/react-query';
import { meQuery, vclustersQuery } from '@/lib/client/queries';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { CubeIcon, PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Panel } from '@/components/ui/panel';
import { QueryError } from '@/components/ui/query-error';
import { TableSkeleton } from '@/components/ui/skeleton';
import { Badge } from '@/components/ui/badge';
import { VClusterList } from '@/components/vclusters/vcluster-list';

export function VClustersClient() {
  const list = useQuery(vclustersQuery());
  const me = useQuery(meQuery());
  const canCreate = (me.data?.tenants.length ?? 0) > 0;
  const items = list.data ?? [];
  const running = items.filter((v) => v.status === 'Running' && !v.terminating).length;

  return (
    <>
      <PageHeader
        title="My vClusters"
        description={
          me.data?.admin
            ? 'vClusters of every tenant. Changes appear here as they happen.'
            : 'Virtual Kubernetes clusters of your tenants. Changes appear here as they happen.'
        }
        actions={
          canCreate && (
            <ButtonLink href="/vclusters/new" icon={<PlusIcon className="size-4" />}>
              Create vCluster
            </ButtonLink>
          )
        }
      />
      <Panel aria-labelledby="vclusters-heading">
        <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
          <h2 id="vclusters-heading" className="text-sm font-semibold">
            vClusters
          </h2>
          {list.data && items.length > 0 && (
            <div className="flex gap-2">
              <Badge tone="gray">{items.length} total</Badge>
              <Badge tone="green">{running} running</Badge>
            </div>
          )}
        </div>
        {list.isPending ? (
          <TableSkeleton rows={3} columns={6} label="Loading vClusters" />
        ) : list.isError ? (
          <QueryError title="Could not load your vClusters" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : items.length === 0 ? (
          me.data && !canCreate ? (
            <EmptyState icon={<CubeIcon className="size-6" />} title="You are not in a tenant yet">
              vClusters belong to tenants. Ask an admin to add you to one; then you can create vClusters here.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<CubeIcon className="size-6" />}
              title="No vClusters yet"
              action={
                <ButtonLink href="/vclusters/new" icon={<PlusIcon className="size-4" />}>
                  Create your first vCluster
                </ButtonLink>
              }
            >
              A vCluster is a full Kubernetes API of your own, running inside the shared host cluster. It takes about a minute to start.
            </EmptyState>
          )
        ) : (
          <VClusterList items={items} showTenant />
        )}
      </Panel>
    </>
  );
}
