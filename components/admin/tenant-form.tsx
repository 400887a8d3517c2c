'use client';
// Create or edit a tenant: name, display name, members, quota (per vCluster namespace), the
// templates it may use and the ingress host names its vClusters may claim. The API validates; its field errors show beside the field they name.
import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Template, Tenant } from '@/lib/tenancy/model';
import type { TenantCreateInput, TenantUpdateInput } from '@/lib/tenancy/tenant-input';
import { Field, FieldError } from './field';
import { formErrors } from './form-errors';
import { ListEditor } from './list-editor';
import { cardClass, checkboxClass, inputClass, linkClass } from './styles';
import { SaveNotices } from './save-notices';
import { FormActions } from './form-actions';
import { ObjectNameField } from './object-name-field';
import { draftPatterns, TENANT_INGRESS_HOSTS_HINT } from './ingress-hosts-text';

type TenantField = 'name' | 'displayName' | 'users' | 'groups' | 'maxVClusters' | 'cpu' | 'memory' | 'pods' | 'templates' | 'ingressHosts';

export type TenantSpecInput = TenantCreateInput['spec'];

function fieldFor(path: string, error: { status: number; code: string }): TenantField | undefined {
  if (error.status === 409 && error.code === 'already_exists') return 'name';
  if (path === 'name') return 'name';
  if (path === 'spec.displayName') return 'displayName';
  if (path.startsWith('spec.members.groups')) return 'groups';
  if (path.startsWith('spec.members')) return 'users';
  for (const f of ['maxVClusters', 'cpu', 'memory', 'pods'] as const) if (path === `spec.quota.${f}`) return f;
  if (path.startsWith('spec.quota')) return 'maxVClusters';
  if (path.startsWith('spec.templates')) return 'templates';
  if (path.startsWith('spec.ingressHosts')) return 'ingressHosts';
  return undefined;
}

function FormCard({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className={`${cardClass} p-4 sm:p-5`}>
      <legend className="sr-only">{title}</legend>
      <h2 className="font-semibold" aria-hidden="true">
        {title}
      </h2>
      {description && <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      <div className="space-y-4">{children}</div>
    </fieldset>
  );
}

const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
const textOrUndefined = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

export interface TenantFormProps {
  mode: 'create' | 'edit';
  initial?: Tenant;
  templates: Template[];
  /** The error of the last save, as the API answered it. */
  error: unknown;
  saving: boolean;
  onSubmit: (value: TenantCreateInput | TenantUpdateInput) => void;
  onReload?: () => void;
  /** The tenant changed elsewhere since this form was filled from it. */
  stale?: boolean;
  cancelHref: string;
}

export function TenantForm({ mode, initial, templates, error, saving, onSubmit, onReload, stale, cancelHref }: TenantFormProps) {
  const spec = initial?.spec;
  const [name, setName] = useState(initial?.name ?? '');
  const [displayName, setDisplayName] = useState(spec?.displayName ?? '');
  const [users, setUsers] = useState<string[]>(spec?.members.users ?? []);
  const [groups, setGroups] = useState<string[]>(spec?.members.groups ?? []);
  const [userDraft, setUserDraft] = useState('');
  const [groupDraft, setGroupDraft] = useState('');
  const [maxVClusters, setMaxVClusters] = useState(String(spec?.quota.maxVClusters ?? 3));
  const [cpu, setCpu] = useState(spec?.quota.cpu ?? '');
  const [memory, setMemory] = useState(spec?.quota.memory ?? '');
  const [pods, setPods] = useState(spec?.quota.pods === undefined ? '' : String(spec.quota.pods));
  const [hosts, setHosts] = useState<string[]>(spec?.ingressHosts ?? []);
  const [hostDraft, setHostDraft] = useState('');
  const [chosen, setChosen] = useState<string[]>(spec?.templates ?? (templates.length === 1 ? [templates[0]!.name] : []));

  const errors = formErrors<TenantField>(error, fieldFor);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused save, the keyboard lands on the field the API named.
  useEffect(() => {
    if (error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  const templateNames = [...templates.map((t) => t.name), ...chosen.filter((c) => !templates.some((t) => t.name === c))];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A name typed but not added yet is surely meant to be added.
    const draftNames = (draft: string) => draft.split(/[\s,]+/).filter(Boolean);
    const allUsers = [...new Set([...users, ...draftNames(userDraft)])];
    const allGroups = [...new Set([...groups, ...draftNames(groupDraft)])];
    setUsers(allUsers);
    setGroups(allGroups);
    setUserDraft('');
    setGroupDraft('');
    const allHosts = [...new Set([...hosts, ...draftPatterns(hostDraft)])];
    setHosts(allHosts);
    setHostDraft('');
    const specValue = {
      displayName: textOrUndefined(displayName),
      members: { users: allUsers, groups: allGroups },
      quota: {
        maxVClusters: numberOrUndefined(maxVClusters) as number,
        cpu: textOrUndefined(cpu),
        memory: textOrUndefined(memory),
        pods: numberOrUndefined(pods),
      },
      templates: chosen,
      ingressHosts: allHosts,
    } satisfies TenantSpecInput;
    if (mode === 'create') onSubmit({ name: name.trim(), spec: specValue });
    else onSubmit({ spec: specValue, resourceVersion: initial?.resourceVersion ?? '' });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="max-w-3xl space-y-5" aria-label={mode === 'create' ? 'New tenant' : `Edit tenant ${initial?.name}`}>
      <SaveNotices what="tenant" conflict={Boolean(errors.conflict)} stale={Boolean(stale)} formError={errors.form} onReload={onReload} />

      <FormCard title="Tenant">
        <ObjectNameField mode={mode} value={name} onChange={setName} error={errors.fields.name} createHint="Lowercase letters, digits and single dashes, at most 18 characters. It is part of every vCluster namespace and cannot change later." />
        <Field label="Display name" optional error={errors.fields.displayName} hint="Shown to members and on the admin overview.">
          {(ids) => <input id={ids.id} className={inputClass} value={displayName} onChange={(event) => setDisplayName(event.target.value)} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} maxLength={100} />}
        </Field>
      </FormCard>

      <FormCard title="Members" description="People who may create and manage this tenant's vClusters: by user name, or by a group from your identity provider.">
        <ListEditor label="Users" itemNoun="user" items={users} draft={userDraft} onDraftChange={setUserDraft} onChange={setUsers} placeholder="e.g. alice" error={errors.fields.users} />
        <ListEditor
          label="Groups"
          itemNoun="group"
          items={groups}
          draft={groupDraft}
          onDraftChange={setGroupDraft}
          onChange={setGroups}
          placeholder="e.g. team-a:members"
          hint="Every member of a group is a member of the tenant."
          error={errors.fields.groups}
        />
      </FormCard>

      <FormCard title="Quota" description="Limits for each of the tenant's vClusters (its host namespace); Cubby adds the control plane's share on top. Leave CPU, memory or pods empty for no limit.">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Maximum vClusters" error={errors.fields.maxVClusters} hint="How many vClusters the tenant may have at once.">
            {(ids) => (
              <input
                id={ids.id}
                className={`${inputClass} tabular-nums`}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={maxVClusters}
                onChange={(event) => setMaxVClusters(event.target.value)}
                aria-invalid={ids.invalid}
                aria-describedby={ids.describedBy}
                required
              />
            )}
          </Field>
          <Field label="Pods per vCluster" optional error={errors.fields.pods}>
            {(ids) => (
              <input id={ids.id} className={`${inputClass} tabular-nums`} type="number" inputMode="numeric" min={0} step={1} value={pods} onChange={(event) => setPods(event.target.value)} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} />
            )}
          </Field>
          <Field label="CPU per vCluster" optional error={errors.fields.cpu} hint="A Kubernetes quantity: 2, 500m, 1.5">
            {(ids) => <input id={ids.id} className={`${inputClass} font-mono`} value={cpu} onChange={(event) => setCpu(event.target.value)} placeholder="e.g. 4" aria-invalid={ids.invalid} aria-describedby={ids.describedBy} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Memory per vCluster" optional error={errors.fields.memory} hint="A Kubernetes quantity: 8Gi, 512Mi">
            {(ids) => <input id={ids.id} className={`${inputClass} font-mono`} value={memory} onChange={(event) => setMemory(event.target.value)} placeholder="e.g. 8Gi" aria-invalid={ids.invalid} aria-describedby={ids.describedBy} autoComplete="off" spellCheck={false} />}
          </Field>
        </div>
      </FormCard>

      <FormCard title="Templates" description="The templates the tenant's members may create vClusters from.">
        {templateNames.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            There are no templates yet.{' '}
            <Link href="/admin/templates/new" className={linkClass}>
              Create a template
            </Link>{' '}
            first; until the tenant may use one, its members cannot create vClusters.
          </p>
        ) : (
          <ul className="space-y-2" aria-describedby={errors.fields.templates ? 'tenant-templates-error' : undefined}>
            {templateNames.map((templateName) => {
              const template = templates.find((t) => t.name === templateName);
              const checked = chosen.includes(templateName);
              return (
                <li key={templateName} className="flex items-start gap-2.5 text-sm">
                  <input
                    id={`tenant-template-${templateName}`}
                    type="checkbox"
                    className={`${checkboxClass} mt-0.5`}
                    checked={checked}
                    onChange={() => setChosen((c) => (checked ? c.filter((n) => n !== templateName) : [...c, templateName]))}
                    aria-describedby={`tenant-template-${templateName}-text`}
                  />
                  <div>
                    <label htmlFor={`tenant-template-${templateName}`} className="font-medium">
                      {template?.spec.displayName ?? templateName}
                    </label>
                    <span className="ml-1.5 font-mono text-xs text-slate-500 dark:text-slate-400">{templateName}</span>
                    <p id={`tenant-template-${templateName}-text`} className="text-xs text-slate-600 dark:text-slate-400">
                      {template ? template.spec.description : <span className="text-rose-700 dark:text-rose-400">Does not exist any more; uncheck it.</span>}
                    </p>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {errors.fields.templates && <FieldError id="tenant-templates-error">{errors.fields.templates}</FieldError>}
      </FormCard>

      <FormCard title="Ingress hosts" description="With ingress sync, a vCluster's Ingresses are served by the host's shared ingress controller; the host refuses any host name not allowed here or by the vCluster's template.">
        <ListEditor
          label="Ingress host patterns"
          itemNoun="ingress host pattern"
          items={hosts}
          draft={hostDraft}
          onDraftChange={setHostDraft}
          onChange={setHosts}
          placeholder="e.g. *.tenant-a.apps.example.com"
          hint={TENANT_INGRESS_HOSTS_HINT}
          error={errors.fields.ingressHosts}
        />
      </FormCard>

      <FormActions what="tenant" mode={mode} saving={saving} cancelHref={cancelHref} />
    </form>
  );
}
