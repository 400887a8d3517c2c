'use client';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { templatesQuery, tenantsQuery } from '@/lib/client/queries';
import { EmptyState } from '@/components/admin/empty-state';
import { QueryError } from '@/components/admin/notice';
import { PageHeader } from '@/components/admin/page-header';
import { TableSkeleton } from '@/components/admin/skeleton';
import { buttonClass } from '@/components/admin/styles';
import { TemplatesTable } from '@/components/admin/templates-table';

export function TemplatesClient() {
  const templates = useQuery(templatesQuery());
  const tenants = useQuery(tenantsQuery());
  const newButton = (
    <Link href="/admin/templates/new" className={buttonClass.primary}>
      New template
    </Link>
  );
  return (
    <>
      <PageHeader title="Templates" description="What a tenant's vCluster starts from: chart values, and the options tenants may change on top." actions={newButton} />
      {templates.isPending ? (
        <TableSkeleton rows={2} columns={5} label="Loading templates" />
      ) : templates.isError ? (
        <QueryError error={templates.error} what="templates" onRetry={() => void templates.refetch()} />
      ) : templates.data.length === 0 ? (
        <EmptyState title="No templates yet" action={newButton}>
          Tenants create vClusters from templates. Create one, then allow it on the tenants that should use it.
        </EmptyState>
      ) : (
        <TemplatesTable templates={templates.data} tenants={tenants.data} />
      )}
    </>
  );
}
