'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { tenantQuery } from '@/lib/client/admin-queries';
import { templatesQuery } from '@/lib/client/queries';
import { ApiFetchError, apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { Tenant } from '@/lib/tenancy/model';
import type { TenantUpdateInput } from '@/lib/tenancy/tenant-input';
import { EmptyState } from '@/components/admin/empty-state';
import { QueryError } from '@/components/admin/notice';
import { PageHeader } from '@/components/admin/page-header';
import { FormSkeleton } from '@/components/admin/skeleton';
import { buttonClass, linkClass } from '@/components/admin/styles';
import { TenantForm } from '@/components/admin/tenant-form';
import { useToast } from '@/components/ui/toast';

export function EditTenantClient({ name }: { name: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const tenant = useQuery({ ...tenantQuery(name), refetchOnMount: 'always' });
  // The form edits the version read when the page opened. Live updates (another admin's save)
  // must not swap it under the admin's hands: they only mark it stale until "Reload".
  const [pinned, setPinned] = useState<Tenant>();
  useEffect(() => {
    if (!pinned && tenant.isFetchedAfterMount && tenant.data) setPinned(tenant.data);
  }, [pinned, tenant.isFetchedAfterMount, tenant.data]);
  const stale = pinned !== undefined && tenant.data !== undefined && tenant.data.resourceVersion !== pinned.resourceVersion;
  const templates = useQuery(templatesQuery());
  const detailHref = `/admin/tenants/${encodeURIComponent(name)}`;

  const save = useMutation({
    mutationFn: (input: TenantUpdateInput) => apiFetch<Tenant>(`/api/tenants/${encodeURIComponent(name)}`, { method: 'PUT', body: input }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(queryKeys.tenant(name), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.tenants, exact: true });
      toast.success(`Tenant ${name} saved`, 'Quota and access of its existing vClusters were updated too.');
      router.push(detailHref);
    },
  });

  const reload = async () => {
    save.reset();
    const fresh = await tenant.refetch();
    if (fresh.data) setPinned(fresh.data);
  };

  const header = (
    <PageHeader
      eyebrow={
        <>
          <Link href="/admin" className={linkClass}>
            Tenants
          </Link>
          <span aria-hidden="true"> / </span>
          <Link href={detailHref} className={linkClass}>
            {name}
          </Link>
        </>
      }
      title={`Edit ${name}`}
    />
  );

  if (tenant.isError) {
    const missing = tenant.error instanceof ApiFetchError && tenant.error.status === 404;
    return (
      <>
        {header}
        {missing ? (
          <EmptyState
            title={`Tenant ${name} not found`}
            action={
              <Link href="/admin" className={buttonClass.secondary}>
                Back to tenants
              </Link>
            }
          >
            It may have been deleted by another admin.
          </EmptyState>
        ) : (
          <QueryError error={tenant.error} what={`tenant ${name}`} onRetry={() => void tenant.refetch()} />
        )}
      </>
    );
  }

  return (
    <>
      {header}
      {templates.isError && <QueryError error={templates.error} what="templates" onRetry={() => void templates.refetch()} />}
      {!pinned || templates.isPending ? (
        <FormSkeleton fields={6} />
      ) : (
        <TenantForm
          // A reload brings a new resourceVersion: the form starts again from what is stored.
          key={pinned.resourceVersion}
          mode="edit"
          initial={pinned}
          stale={stale}
          templates={templates.data ?? []}
          error={save.error}
          saving={save.isPending || save.isSuccess}
          onSubmit={(value) => save.mutate(value as TenantUpdateInput)}
          onReload={() => void reload()}
          cancelHref={detailHref}
        />
      )}
    </>
  );
}
