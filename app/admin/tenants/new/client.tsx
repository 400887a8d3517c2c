'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { templatesQuery } from '@/lib/client/queries';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { Tenant } from '@/lib/tenancy/model';
import type { TenantCreateInput } from '@/lib/tenancy/tenant-input';
import { QueryError } from '@/components/admin/notice';
import { PageHeader } from '@/components/admin/page-header';
import { FormSkeleton } from '@/components/admin/skeleton';
import { linkClass } from '@/components/admin/styles';
import { TenantForm } from '@/components/admin/tenant-form';
import { useToast } from '@/components/ui/toast';

export function NewTenantClient() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const toast = useToast();
  const templates = useQuery(templatesQuery());
  const create = useMutation({
    mutationFn: (input: TenantCreateInput) => apiFetch<Tenant>('/api/tenants', { method: 'POST', body: input }),
    onSuccess: async (tenant) => {
      queryClient.setQueryData(queryKeys.tenant(tenant.name), tenant);
      await queryClient.invalidateQueries({ queryKey: queryKeys.tenants, exact: true });
      toast.success(`Tenant ${tenant.name} created`, tenant.spec.templates.length === 0 ? 'Allow it a template so its members can create vClusters.' : undefined);
      router.push(`/admin/tenants/${encodeURIComponent(tenant.name)}`);
    },
  });

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin" className={linkClass}>
            Tenants
          </Link>
        }
        title="New tenant"
        description="A team with members, a quota and the templates it may create vClusters from."
      />
      {templates.isPending ? (
        <FormSkeleton fields={6} />
      ) : templates.isError ? (
        <QueryError error={templates.error} what="templates" onRetry={() => void templates.refetch()} />
      ) : (
        <TenantForm
          mode="create"
          templates={templates.data}
          error={create.error}
          saving={create.isPending || create.isSuccess}
          onSubmit={(value) => create.mutate(value as TenantCreateInput)}
          cancelHref="/admin"
        />
      )}
    </>
  );
}

