'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api-fetch';
import { queryKeys } from '@/lib/client/query-keys';
import type { Template } from '@/lib/tenancy/model';
import type { TemplateCreateInput } from '@/lib/tenancy/template-input';
import { PageHeader } from '@/components/admin/page-header';
import { linkClass } from '@/components/admin/styles';
import { TemplateForm } from '@/components/admin/template-form';
import { useToast } from '@/components/ui/toast';

export function NewTemplateClient() {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (input: TemplateCreateInput) => apiFetch<Template>('/api/templates', { method: 'POST', body: input }),
    onSuccess: async (template) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.templates, exact: true });
      toast.success(`Template ${template.name} created`, 'Allow it on a tenant so its members can use it.');
      router.push('/admin/templates');
    },
  });
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/templates" className={linkClass}>
            Templates
          </Link>
        }
        title="New template"
      />
      <TemplateForm
        mode="create"
        error={create.error}
        saving={create.isPending || create.isSuccess}
        onSubmit={(value) => create.mutate(value as TemplateCreateInput)}
        cancelHref="/admin/templates"
      />
    </>
  );
}
