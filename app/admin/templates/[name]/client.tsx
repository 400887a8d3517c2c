'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { templateQuery } from '@/lib/client/admin-queries';
import { ApiFetchError, apiFetch } from '@/lib/client/api-fetch';
import { tenantsQuery } from '@/lib/client/queries';
import { queryKeys } from '@/lib/client/query-keys';
import type { Template } from '@/lib/tenancy/model';
import type { TemplateUpdateInput } from '@/lib/tenancy/template-input';
import { ConfirmDialog } from '@/components/admin/confirm-dialog';
import { EmptyState } from '@/components/admin/empty-state';
import { errorMessage, QueryError } from '@/components/admin/notice';
import { PageHeader } from '@/components/admin/page-header';
import { FormSkeleton } from '@/components/admin/skeleton';
import { buttonClass, linkClass } from '@/components/admin/styles';
import { TemplateForm } from '@/components/admin/template-form';
import { TemplatePolicy } from '@/components/admin/template-policy';
import { TemplateChartUpgrade } from '@/components/admin/template-chart-upgrade';
import { valuesToText } from '@/components/admin/values-text';
import { useToast } from '@/components/ui/toast';

export function EditTemplateClient({ name }: { name: string }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const template = useQuery({ ...templateQuery(name), refetchOnMount: 'always' });
  // As on the tenant form: edit the version read on opening; live updates only mark it stale.
  const [pinned, setPinned] = useState<Template>();
  useEffect(() => {
    if (!pinned && template.isFetchedAfterMount && template.data) setPinned(template.data);
  }, [pinned, template.isFetchedAfterMount, template.data]);
  const stale = pinned !== undefined && template.data !== undefined && template.data.resourceVersion !== pinned.resourceVersion;
  // The form shows base values as YAML; the YAML module loads here, off the first load.
  const [valuesText, setValuesText] = useState<{ version?: string; text?: string; error?: string }>();
  useEffect(() => {
    const data = pinned;
    if (!data) return;
    let current = true;
    valuesToText(data.spec.baseValues).then(
      (text) => current && setValuesText({ version: data.resourceVersion, text }),
      (error: unknown) => current && setValuesText({ version: data.resourceVersion, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [pinned]);
  const valuesReady = valuesText !== undefined && valuesText.version === pinned?.resourceVersion;
  const tenants = useQuery(tenantsQuery());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const usedBy = tenants.data?.filter((t) => t.spec.templates.includes(name)) ?? [];

  const save = useMutation({
    mutationFn: (input: TemplateUpdateInput) => apiFetch<Template>(`/api/templates/${encodeURIComponent(name)}`, { method: 'PUT', body: input }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(queryKeys.template(name), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.templates, exact: true });
      toast.success(`Template ${name} saved`, 'New vClusters start from it; existing ones keep the values they were made with.');
      router.push('/admin/templates');
    },
  });
  const remove = useMutation({
    mutationFn: () => {
      const version = pinned?.resourceVersion;
      return apiFetch(`/api/templates/${encodeURIComponent(name)}${version ? `?resourceVersion=${encodeURIComponent(version)}` : ''}`, { method: 'DELETE' });
    },
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: queryKeys.template(name) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.templates, exact: true });
      toast.success(`Template ${name} deleted`);
      router.push('/admin/templates');
    },
  });

  const header = (
    <PageHeader
      eyebrow={
        <Link href="/admin/templates" className={linkClass}>
          Templates
        </Link>
      }
      title={template.data?.spec.displayName ? `${template.data.spec.displayName}` : name}
      description={template.data?.spec.displayName ? name : undefined}
      actions={
        template.isSuccess &&
        (usedBy.length === 0 && tenants.isSuccess ? (
          <button type="button" className={buttonClass.dangerOutline} onClick={() => setConfirmDelete(true)}>
            Delete template
          </button>
        ) : (
          tenants.isSuccess && <p className="max-w-xs text-xs text-slate-500 dark:text-slate-400">Used by {usedBy.map((t) => t.name).join(', ')}; remove it from those tenants to delete it.</p>
        ))
      }
    />
  );

  if (template.isError) {
    const missing = template.error instanceof ApiFetchError && template.error.status === 404;
    return (
      <>
        {header}
        {missing ? (
          <EmptyState
            title={`Template ${name} not found`}
            action={
              <Link href="/admin/templates" className={buttonClass.secondary}>
                Back to templates
              </Link>
            }
          >
            It may have been deleted by another admin.
          </EmptyState>
        ) : (
          <QueryError error={template.error} what={`template ${name}`} onRetry={() => void template.refetch()} />
        )}
      </>
    );
  }

  return (
    <>
      {header}
      {valuesReady && valuesText.error ? (
        // Never show an empty editor for values that could not be shown: saving would erase them.
        <QueryError error={new Error(valuesText.error)} what="the base values" onRetry={() => window.location.reload()} />
      ) : !pinned || !valuesReady ? (
        <FormSkeleton fields={5} />
      ) : (
        <>
          <TemplatePolicy template={pinned} />
          <TemplateChartUpgrade name={name} />
          <TemplateForm
            key={pinned.resourceVersion}
            mode="edit"
            initial={pinned}
            stale={stale}
            initialValuesText={valuesText.text ?? ''}
            error={save.error}
            saving={save.isPending || save.isSuccess}
            onSubmit={(value) => save.mutate(value as TemplateUpdateInput)}
            onReload={() => {
              save.reset();
              void template.refetch().then((fresh) => fresh.data && setPinned(fresh.data));
            }}
            cancelHref="/admin/templates"
          />
        </>
      )}
      <ConfirmDialog
        open={confirmDelete}
        tone="danger"
        title={`Delete template ${name}?`}
        confirmLabel="Delete template"
        busyLabel="Deleting…"
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      >
        No tenant uses it. vClusters already made from it keep running with the values they were made with. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
