'use client';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminOverviewQuery, unassignedQuery } from '@/lib/client/admin-queries';
import { tenantsQuery } from '@/lib/client/queries';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { DiscoveredVCluster } from '@/lib/vcluster/discovery';
import { EmptyState } from '@/components/admin/empty-state';
import { FoundVClusters } from '@/components/admin/found-vclusters';
import { QueryError } from '@/components/admin/notice';
import { OverviewCharts } from '@/components/admin/overview-charts';
import { SleepCharts } from '@/components/admin/sleep-charts';
import { adminSleepQuery } from '@/lib/client/sleep-queries';
import { PageHeader, Section } from '@/components/admin/page-header';
import { ChartSkeleton, TableSkeleton } from '@/components/admin/skeleton';
import { buttonClass } from '@/components/admin/styles';
import { summarizeTenants } from '@/components/admin/tenant-summary';
import { TenantsTable } from '@/components/admin/tenants-table';
import { useToast } from '@/components/ui/toast';

export function AdminOverviewClient() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const tenants = useQuery(tenantsQuery());
  // Per-tenant rows summed on the server: a few hundred bytes per tenant, whatever the number of
  // vClusters. Quotas are watched, so usage changes arrive over the change stream like the rest.
  const overview = useQuery(adminOverviewQuery());
  const found = useQuery(unassignedQuery());

  const assign = useMutation({
    mutationFn: ({ item, tenant }: { item: DiscoveredVCluster; tenant: string }) =>
      apiFetch(`/api/discovered/${encodeURIComponent(item.namespace)}/${encodeURIComponent(item.name)}/assign`, { method: 'POST', body: { tenant } }),
    onSuccess: (_, { item, tenant }) => {
      toast.success(`${item.name} now belongs to ${tenant}`, 'Its members can manage it from their dashboard.');
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.discovered }),
        queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true }),
        queryClient.invalidateQueries({ queryKey: queryKeys.adminOverview }),
      ]);
    },
  });

  const loading = tenants.isPending || overview.isPending;
  const rows = tenants.data && overview.data ? summarizeTenants(tenants.data, overview.data) : [];
  const totalVClusters = rows.reduce((sum, r) => sum + r.vclusterCount, 0);

  return (
    <>
      <PageHeader
        title="Tenants"
        description={
          tenants.data
            ? `${rows.length} tenant${rows.length === 1 ? '' : 's'}, ${totalVClusters} vCluster${totalVClusters === 1 ? '' : 's'}. Updates live as vClusters change.`
            : 'Every tenant with its vClusters, pods and quota.'
        }
        actions={
          <Link href="/admin/tenants/new" className={buttonClass.primary}>
            New tenant
          </Link>
        }
      />

      {tenants.isError && <QueryError error={tenants.error} what="tenants" onRetry={() => void tenants.refetch()} />}
      {overview.isError && <QueryError error={overview.error} what="vClusters" onRetry={() => void overview.refetch()} />}

      <Section title="Overview" id="tenants">
        {loading ? (
          <TableSkeleton rows={2} columns={7} label="Loading tenants" />
        ) : rows.length === 0 && !tenants.isError ? (
          <EmptyState
            title="No tenants yet"
            action={
              <Link href="/admin/tenants/new" className={buttonClass.primary}>
                Create the first tenant
              </Link>
            }
          >
            A tenant is a team with members, a quota and the templates it may use. Create one, then its members can make vClusters.
          </EmptyState>
        ) : (
          rows.length > 0 && <TenantsTable rows={rows} />
        )}
      </Section>

      {(loading || rows.length > 0) && (
        <Section title="Charts" id="charts">
          {loading ? (
            <div className="grid gap-4 lg:grid-cols-2">
              <ChartSkeleton />
              <ChartSkeleton />
            </div>
          ) : (
            <OverviewCharts rows={rows} />
          )}
        </Section>
      )}

      {(loading || rows.length > 0) && <SleepSection />}

      <Section
        title="Found vClusters"
        id="found"
        description="vClusters on the host that belong to no tenant. Assign one to give its namespace a tenant's members, access rules and quota."
      >
        {found.isPending ? (
          <TableSkeleton rows={1} columns={5} label="Looking for vClusters" />
        ) : found.isError ? (
          <QueryError error={found.error} what="found vClusters" onRetry={() => void found.refetch()} />
        ) : (
          <FoundVClusters items={found.data} tenants={tenants.data ?? []} onAssign={(item, tenant) => assign.mutateAsync({ item, tenant })} />
        )}
      </Section>
    </>
  );
}

/** Hours asleep and requests freed per tenant, last 7 days (sleep mode). */
function SleepSection() {
  const sleep = useQuery(adminSleepQuery());
  return (
    <Section title="Sleep mode" id="sleep" description="What sleeping vClusters saved over the last 7 days: hours asleep, and the CPU and memory requests that stopped meanwhile.">
      {sleep.isPending ? (
        <div className="grid gap-4 lg:grid-cols-3">
          <ChartSkeleton />
          <ChartSkeleton />
          <ChartSkeleton />
        </div>
      ) : sleep.isError ? (
        <QueryError error={sleep.error} what="sleep figures" onRetry={() => void sleep.refetch()} />
      ) : (
        <SleepCharts figures={sleep.data} />
      )}
    </Section>
  );
}
