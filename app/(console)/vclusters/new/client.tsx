'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { apiFetch, ApiFetchError } from '@/lib/client/api-fetch';
import type { CreateVClusterAnswer, Template } from '@/lib/client/api-types';
import { queryKeys } from '@/lib/client/query-keys';
import { meQuery, templatesQuery, tenantsQuery } from '@/lib/client/queries';
import {
  allowedChoices,
  anyChoice,
  draftFromOptions,
  draftProblems,
  isEmptyChange,
  optionsChange,
  templateOptions,
  type OptionsDraft,
} from '@/lib/client/sync-options-form';
import { MAX_VCLUSTER_NAME_LENGTH, validateVClusterName } from '@/lib/vcluster/vcluster-name';
import { Button, ButtonLink } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { cx } from '@/components/ui/cx';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select, TextInput, describedBy } from '@/components/ui/field';
import { ArrowLeftIcon, CubeIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Panel, PanelHeader } from '@/components/ui/panel';
import { QueryError } from '@/components/ui/query-error';
import { Skeleton } from '@/components/ui/skeleton';
import { useToast } from '@/components/ui/toast';
import { SyncOptionsFields } from '@/components/vclusters/sync-options-fields';
import { vclusterHref } from '@/components/vclusters/vcluster-list';

interface FieldErrors {
  name?: string;
  template?: string;
  tenant?: string;
  options?: string;
  form?: string;
}

function errorField(error: ApiFetchError): keyof FieldErrors {
  const field = (error.details as { field?: unknown } | undefined)?.field;
  if (field === 'name' || field === 'template' || field === 'tenant') return field;
  if (error.code === 'invalid_options' || error.code === 'option_not_allowed') return 'options';
  return 'form';
}

export function CreateVClusterClient() {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery());
  const templates = useQuery(templatesQuery());
  const tenants = useQuery(tenantsQuery());

  const [tenant, setTenant] = useState('');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [templateName, setTemplateName] = useState('');
  const [draft, setDraft] = useState<OptionsDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const myTenants = me.data?.tenants ?? [];
  useEffect(() => {
    if (!tenant && myTenants.length > 0) setTenant(myTenants[0]!);
  }, [tenant, myTenants]);

  // Templates the chosen tenant may use (the API lists the union over the caller's tenants).
  const usable: Template[] = useMemo(() => {
    const all = templates.data ?? [];
    const spec = tenants.data?.find((t) => t.name === tenant)?.spec;
    return spec ? all.filter((t) => spec.templates.includes(t.name)) : all;
  }, [templates.data, tenants.data, tenant]);
  useEffect(() => {
    if (usable.length > 0 && !usable.some((t) => t.name === templateName)) setTemplateName(usable[0]!.name);
  }, [usable, templateName]);

  const template = usable.find((t) => t.name === templateName);
  const base = useMemo(() => (template ? templateOptions(template.spec.baseValues) : undefined), [template]);
  useEffect(() => {
    // A new template starts from its own defaults.
    setDraft(base ? draftFromOptions(base) : null);
  }, [base]);
  const choices = allowedChoices(template?.spec.allowedOptions ?? []);

  const validation = validateVClusterName(name, tenant ? { tenant } : {});
  const nameProblem = !validation.ok ? validation.problems.map((p) => p.message).join(' ') : undefined;
  const shownNameError = errors.name ?? (nameTouched && name.length > 0 ? nameProblem : undefined);
  const labelsError = draft ? draftProblems(draft).labels : undefined;

  const create = useMutation({
    mutationFn: (body: unknown) => apiFetch<CreateVClusterAnswer>('/api/vclusters', { method: 'POST', body }),
    onSuccess: async (answer) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.vclusters, exact: true });
      router.push(`${vclusterHref(answer.ref)}?created=1`);
    },
    onError: (error) => {
      if (error instanceof ApiFetchError) {
        const field = errorField(error);
        setErrors({ [field]: error.message });
        if (field === 'form') toast.error('Could not create the vCluster', error.message);
      } else {
        toast.error('Could not create the vCluster', 'Cubby did not answer. Check your connection and try again.');
      }
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNameTouched(true);
    if (!validation.ok || !template || !draft || labelsError) {
      setErrors(!validation.ok ? { name: nameProblem } : {});
      if (!validation.ok) document.getElementById('vc-name')?.focus();
      return;
    }
    setErrors({});
    const options = base ? optionsChange(draft, base, template.spec.allowedOptions) : {};
    create.mutate({
      name,
      template: template.name,
      ...(myTenants.length > 1 ? { tenant } : {}),
      ...(isEmptyChange(options) ? {} : { options }),
    });
  }

  const loading = me.isPending || templates.isPending;
  const loadError = me.error ?? templates.error;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/" className="inline-flex items-center gap-1 rounded-sm hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:text-white">
            <ArrowLeftIcon className="size-3.5" /> My vClusters
          </Link>
        }
        title="Create a vCluster"
        description="Pick a name and a template. It starts in about a minute; you can watch every step."
      />
      <div className="max-w-3xl">
        {loading ? (
          <Panel className="space-y-6 p-6">
            <span role="status" className="sr-only">
              Loading the form
            </span>
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-24 w-full" />
            <Skeleton className="h-16 w-full" />
          </Panel>
        ) : loadError ? (
          <Panel>
            <QueryError title="Could not load what you may create" error={loadError} onRetry={() => void Promise.all([me.refetch(), templates.refetch()])} />
          </Panel>
        ) : myTenants.length === 0 ? (
          <Panel>
            <EmptyState icon={<CubeIcon className="size-6" />} title="You are not in a tenant yet">
              vClusters belong to tenants. Ask an admin to add you to one.
            </EmptyState>
          </Panel>
        ) : usable.length === 0 ? (
          <Panel>
            <EmptyState icon={<CubeIcon className="size-6" />} title="No template available">
              {tenant ? `Tenant ${tenant} may not use any template yet.` : 'Your tenants may not use any template yet.'} Ask an admin to allow one.
            </EmptyState>
          </Panel>
        ) : (
          <form onSubmit={onSubmit} noValidate aria-label="Create a vCluster" className="space-y-6">
            {errors.form && (
              <Callout kind="error" role="alert" title="The vCluster was not created">
                {errors.form}
              </Callout>
            )}
            <Panel>
              <PanelHeader title="Name and place" />
              <div className="space-y-5 p-4 sm:p-6">
                {myTenants.length > 1 && (
                  <Field id="vc-tenant" label="Tenant" error={errors.tenant} hint="The vCluster counts against this tenant’s quota.">
                    <Select
                      id="vc-tenant"
                      value={tenant}
                      onChange={(e) => {
                        setTenant(e.target.value);
                        setErrors({});
                      }}
                      invalid={!!errors.tenant}
                      {...describedBy('vc-tenant', { error: errors.tenant, hint: true })}
                    >
                      {myTenants.map((t) => (
                        <option key={t} value={t}>
                          {tenants.data?.find((x) => x.name === t)?.spec.displayName ? `${tenants.data.find((x) => x.name === t)!.spec.displayName} (${t})` : t}
                        </option>
                      ))}
                    </Select>
                  </Field>
                )}
                <Field
                  id="vc-name"
                  label="Name"
                  error={shownNameError}
                  hint={
                    <>
                      Lowercase letters, digits and ‘-’, starting with a letter, at most {MAX_VCLUSTER_NAME_LENGTH} characters.
                      {validation.ok && tenant && (
                        <>
                          {' '}
                          Host namespace: <code className="font-mono text-xs">vc-{tenant}--{name}</code>
                        </>
                      )}
                    </>
                  }
                >
                  <TextInput
                    id="vc-name"
                    name="name"
                    value={name}
                    autoFocus
                    autoComplete="off"
                    autoCapitalize="none"
                    spellCheck={false}
                    maxLength={63}
                    placeholder="e.g. dev-alice"
                    invalid={!!shownNameError}
                    onChange={(e) => {
                      setName(e.target.value);
                      setNameTouched(true);
                      if (errors.name || errors.form) setErrors({ ...errors, name: undefined, form: undefined });
                    }}
                    {...describedBy('vc-name', { error: shownNameError, hint: true })}
                  />
                </Field>
              </div>
            </Panel>

            <Panel>
              <PanelHeader title="Template" description="What the vCluster starts from; your admin defines these." />
              <fieldset className="p-4 sm:p-6">
                <legend className="sr-only">Template</legend>
                <div className="grid gap-3 sm:grid-cols-2">
                  {usable.map((t) => {
                    const selected = t.name === templateName;
                    return (
                      <label
                        key={t.name}
                        className={cx(
                          'relative flex cursor-pointer flex-col rounded-lg border p-4 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600',
                          selected
                            ? 'border-indigo-600 bg-indigo-50/60 ring-1 ring-indigo-600 dark:border-indigo-400 dark:bg-indigo-500/10 dark:ring-indigo-400'
                            : 'border-slate-200 hover:border-slate-300 dark:border-slate-700 dark:hover:border-slate-600',
                        )}
                      >
                        <input type="radio" name="template" value={t.name} checked={selected} onChange={() => setTemplateName(t.name)} className="sr-only" />
                        <span className="text-sm font-semibold text-slate-900 dark:text-slate-100">{t.spec.displayName ?? t.name}</span>
                        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{t.name}</span>
                        {t.spec.description && <span className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t.spec.description}</span>}
                      </label>
                    );
                  })}
                </div>
                {errors.template && (
                  <p className="mt-2 text-sm text-red-700 dark:text-red-400" role="alert">
                    {errors.template}
                  </p>
                )}
              </fieldset>
            </Panel>

            <Panel>
              <PanelHeader title="Sync options" description="What the vCluster shares with the host. You can change these later." />
              <div className="p-4 sm:p-6">
                {errors.options && (
                  <Callout kind="error" role="alert" className="mb-4">
                    {errors.options}
                  </Callout>
                )}
                {draft && anyChoice(choices) ? (
                  <SyncOptionsFields draft={draft} onChange={setDraft} choices={choices} labelsError={labelsError} disabled={create.isPending} />
                ) : (
                  <p className="text-sm text-slate-600 dark:text-slate-400">This template fixes every option; there is nothing to choose.</p>
                )}
              </div>
            </Panel>

            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <ButtonLink href="/" variant="secondary">
                Cancel
              </ButtonLink>
              <Button type="submit" loading={create.isPending}>
                {create.isPending ? 'Creating…' : 'Create vCluster'}
              </Button>
            </div>
          </form>
        )}
      </div>
    </>
  );
}
