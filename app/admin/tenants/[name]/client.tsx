'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { tenantQuery, tenantUsageQuery } from '@/lib/client/admin-queries';
import { templatesQuery, tenantVClustersQuery } from '@/lib/client/queries';
import { ApiFetchError, apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import { ConfirmDialog } from '@/components/admin/confirm-dialog';
import { EmptyState } from '@/components/admin/empty-state';
import { errorMessage, QueryError } from '@/components/admin/notice';
import { PageHeader, Section } from '@/components/admin/page-header';
import { SkeletonBlock, TableSkeleton } from '@/components/admin/skeleton';
import { buttonClass, linkClass } from '@/components/admin/styles';
import { IngressHostsCard, MembersCard, QuotaCard, TemplatesCard, TenantVClustersTable } from '@/components/admin/tenant-detail';
import { useToast } from '@/components/ui/toast';

export function TenantDetailClient({ name }: { name: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const tenant = useQuery(tenantQuery(name));
  // This tenant's rows and quotas only: the page stays as light with 2,000 vClusters as with 2.
  const vclusters = useQuery(tenantVClustersQuery(name));
  const usage = useQuery(tenantUsageQuery(name));
  const templates = useQuery(templatesQuery());
  const [confirmDelete, setConfirmDelete] = useState(false);

  const remove = useMutation({
    mutationFn: () => {
      const version = tenant.data?.resourceVersion;
      return apiFetch(`/api/tenants/${encodeURIComponent(name)}${version ? `?resourceVersion=${encodeURIComponent(version)}` : ''}`, { method: 'DELETE' });
    },
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.tenant(name) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.tenants });
      toast.success(`Tenant ${name} deleted`);
      router.push('/admin');
    },
  });

  if (tenant.isError) {
    if (tenant.error instanceof ApiFetchError && tenant.error.status === 404) {
      return (
        <EmptyState
          title={`Tenant ${name} not found`}
          action={
            <Link href="/admin" className={buttonClass.secondary}>
              Back to tenants
            </Link>
          }
        >
          It may have been deleted. The overview lists every tenant.
        </EmptyState>
      );
    }
    return <QueryError error={tenant.error} what={`tenant ${name}`} onRetry={() => void tenant.refetch()} />;
  }

  const views = vclusters.data ?? [];
  const tenantUsage = usage.data ?? undefined;
  const canDelete = vclusters.isSuccess && views.length === 0;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin" className={linkClass}>
            Tenants
          </Link>
        }
        title={name}
        description={tenant.data?.spec.displayName}
        actions={
          tenant.data && (
            <>
              <Link href={`/admin/tenants/${encodeURIComponent(name)}/edit`} className={buttonClass.primary}>
                Edit tenant
              </Link>
              {canDelete && (
                <button type="button" className={buttonClass.dangerOutline} onClick={() => setConfirmDelete(true)}>
                  Delete tenant
                </button>
              )}
            </>
          )
        }
      />

      {tenant.isPending ? (
        <div className="mb-8 grid gap-4 md:grid-cols-2 xl:grid-cols-4" role="status">
          <span className="sr-only">Loading tenant…</span>
          {[0, 1, 2, 3].map((i) => (
            <SkeletonBlock key={i} className="h-44" />
          ))}
        </div>
      ) : (
        <div className="mb-8 grid gap-4 md:grid-cols-2 xl:grid-cols-4">
          <QuotaCard tenant={tenant.data} vclusterCount={views.length} usage={tenantUsage} />
          <MembersCard tenant={tenant.data} />
          <TemplatesCard tenant={tenant.data} templates={templates.data} />
          <IngressHostsCard tenant={tenant.data} templates={templates.data} />
        </div>
      )}

      <Section title="vClusters" id="vclusters" description={vclusters.isSuccess ? `${views.length} of ${tenant.data?.spec.quota.maxVClusters ?? '…'} allowed; live.` : undefined}>
        {vclusters.isPending || tenant.isPending ? (
          <TableSkeleton rows={2} columns={6} label="Loading vClusters" />
        ) : vclusters.isError ? (
          <QueryError error={vclusters.error} what="vClusters" onRetry={() => void vclusters.refetch()} />
        ) : (
          <TenantVClustersTable views={views} usage={tenantUsage?.namespaces} quota={tenant.data.spec.quota} />
        )}
        {vclusters.isSuccess && views.length > 0 && (
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Delete is offered once the tenant has no vClusters left.</p>
        )}
      </Section>

      <ConfirmDialog
        open={confirmDelete}
        tone="danger"
        title={`Delete tenant ${name}?`}
        confirmLabel="Delete tenant"
        busyLabel="Deleting…"
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      >
        Its members lose access to Cubby through this tenant. It has no vClusters, so nothing on the host is removed. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
