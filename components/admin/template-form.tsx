'use client';
// Create or edit a vCluster template: name, display name, description, the chart values every
// vCluster starts from (YAML or JSON, parsed here so a typo is caught before saving), and the
// sync options tenants may change on top, the Pod Security level of its vClusters' host namespaces
// and the ingress host patterns it adds to each tenant's.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Template } from '@/lib/tenancy/model';
import type { TemplateCreateInput, TemplateUpdateInput } from '@/lib/tenancy/template-input';
import type { TenantOptionId } from '@/lib/vcluster/sync-options';
import type { PodSecurityLevel } from '@/lib/tenancy/pod-security';
import { Field, FieldError } from './field';
import { formErrors } from './form-errors';
import { cardClass, checkboxClass, inputClass } from './styles';
import { OPTION_IDS, OPTION_INFO } from './template-options';
import type { LegacyImportResult } from '@/lib/vcluster/legacy-values';
import { parseValuesText, valuesToText } from './values-text';
import { LegacyImportPreview } from './legacy-import-preview';
import { SaveNotices } from './save-notices';
import { FormActions } from './form-actions';
import { ObjectNameField } from './object-name-field';
import { ListEditor } from './list-editor';
import { effectiveLevel, POD_SECURITY_CHOICES } from './pod-security-options';
import { draftPatterns, TEMPLATE_INGRESS_HOSTS_HINT } from './ingress-hosts-text';

type TemplateField = 'name' | 'displayName' | 'description' | 'baseValues' | 'allowedOptions' | 'podSecurityLevel' | 'ingressHosts' | 'chartVersion' | 'sleep';

function fieldFor(path: string, error: { status: number; code: string }): TemplateField | undefined {
  if (error.status === 409 && error.code === 'already_exists') return 'name';
  if (path === 'name') return 'name';
  for (const f of ['displayName', 'description', 'baseValues', 'allowedOptions', 'podSecurityLevel', 'ingressHosts', 'chartVersion', 'sleep'] as const) if (path === `spec.${f}` || path.startsWith(`spec.${f}.`)) return f;
  return undefined;
}

export interface TemplateFormProps {
  mode: 'create' | 'edit';
  initial?: Template;
  /** The initial base values as text (YAML), made by the page. */
  initialValuesText?: string;
  error: unknown;
  saving: boolean;
  onSubmit: (value: TemplateCreateInput | TemplateUpdateInput) => void;
  onReload?: () => void;
  /** The template changed elsewhere since this form was filled from it. */
  stale?: boolean;
  cancelHref: string;
}

export function TemplateForm({ mode, initial, initialValuesText = '', error, saving, onSubmit, onReload, stale, cancelHref }: TemplateFormProps) {
  const spec = initial?.spec;
  const [name, setName] = useState(initial?.name ?? '');
  const [displayName, setDisplayName] = useState(spec?.displayName ?? '');
  const [description, setDescription] = useState(spec?.description ?? '');
  const [valuesText, setValuesText] = useState(initialValuesText);
  const [valuesError, setValuesError] = useState<string | undefined>();
  const [allowed, setAllowed] = useState<TenantOptionId[]>([...(spec?.allowedOptions ?? [])]);
  const [checking, setChecking] = useState(false);
  const [podSecurity, setPodSecurity] = useState<PodSecurityLevel>(effectiveLevel(spec?.podSecurityLevel));
  const [hosts, setHosts] = useState<string[]>(spec?.ingressHosts ?? []);
  const [hostDraft, setHostDraft] = useState('');
  const [chartVersion, setChartVersion] = useState(spec?.chartVersion ?? '');
  // Sleep mode's policy as JSON (lib/vcluster/sleep/sleep-policy.ts): kept on every save.
  const [sleepText, setSleepText] = useState(spec?.sleep ? JSON.stringify(spec.sleep, null, 2) : '');
  const [sleepError, setSleepError] = useState<string | undefined>();

  const errors = formErrors<TemplateField>(error, fieldFor);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused save, the keyboard lands on the field the API named.
  useEffect(() => {
    if (error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);
  const baseValuesError = valuesError ?? errors.fields.baseValues;

  const [legacy, setLegacy] = useState<LegacyImportResult | undefined>();

  /** The values when they can be saved as they are; a pre-0.20 file is shown converted first. */
  const check = async (): Promise<Record<string, unknown> | undefined> => {
    const parsed = await parseValuesText(valuesText);
    setValuesError(parsed.ok ? undefined : parsed.error);
    if (!parsed.ok) return undefined;
    // Loaded when first needed, like the YAML parser: most admins never paste an old file.
    const { importLegacyValues, isLegacyValues } = await import('@/lib/vcluster/legacy-values');
    const imported = isLegacyValues(parsed.value) ? importLegacyValues(parsed.value) : undefined;
    setLegacy(imported);
    return imported ? undefined : parsed.value;
  };

  const applyConverted = async () => {
    if (!legacy) return;
    setValuesText(await valuesToText(legacy.values));
    setLegacy(undefined);
    document.getElementById('template-base-values')?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    const baseValues = await check().finally(() => setChecking(false));
    if (!baseValues) {
      document.getElementById('template-base-values')?.focus();
      return;
    }
    // A pattern typed but not added yet is surely meant to be added.
    const allHosts = [...new Set([...hosts, ...draftPatterns(hostDraft)])];
    setHosts(allHosts);
    setHostDraft('');
    let sleep: unknown;
    if (sleepText.trim()) {
      try {
        sleep = JSON.parse(sleepText);
      } catch {
        setSleepError('Sleep mode must be JSON, e.g. {"afterIdleMinutes": {"default": 60, "min": 15, "max": 480}, "allowTenantChange": true}');
        document.querySelector<HTMLElement>('[data-sleep-field]')?.focus();
        return;
      }
    }
    setSleepError(undefined);
    const specValue = {
      displayName: displayName.trim() || undefined,
      description: description.trim() || undefined,
      baseValues,
      // In the order of the list, whatever order they were ticked in.
      allowedOptions: OPTION_IDS.filter((id) => allowed.includes(id)),
      podSecurityLevel: podSecurity,
      ingressHosts: allHosts,
      chartVersion: chartVersion.trim() || undefined,
      sleep: sleep as TemplateCreateInput['spec']['sleep'],
    };
    if (mode === 'create') onSubmit({ name: name.trim(), spec: specValue });
    else onSubmit({ spec: specValue, resourceVersion: initial?.resourceVersion ?? '' });
  };

  const busy = saving || checking;

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate className="max-w-3xl space-y-5" aria-label={mode === 'create' ? 'New template' : `Edit template ${initial?.name}`}>
      <SaveNotices what="template" conflict={Boolean(errors.conflict)} stale={Boolean(stale)} formError={errors.form} onReload={onReload} />

      <div className={`${cardClass} space-y-4 p-4 sm:p-5`}>
        <ObjectNameField mode={mode} value={name} onChange={setName} error={errors.fields.name} createHint="Lowercase letters, digits and '-'; tenants and vClusters refer to it, so it cannot change later." />
        <Field label="Display name" optional error={errors.fields.displayName}>
          {(ids) => <input id={ids.id} className={inputClass} value={displayName} onChange={(event) => setDisplayName(event.target.value)} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} maxLength={100} />}
        </Field>
        <Field label="Description" optional error={errors.fields.description} hint="Tenants read this when they pick a template.">
          {(ids) => (
            <textarea id={ids.id} className={inputClass} rows={2} value={description} onChange={(event) => setDescription(event.target.value)} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} maxLength={2000} />
          )}
        </Field>
      </div>

      <div className={`${cardClass} space-y-4 p-4 sm:p-5`}>
        <Field
          label="Chart version"
          optional
          error={errors.fields.chartVersion}
          hint="The vCluster chart version new vClusters of this template get. Empty means the version Cubby is configured with. Existing vClusters keep theirs until you upgrade them from this page."
        >
          {(ids) => (
            <input
              id={ids.id}
              className={`${inputClass} max-w-xs font-mono`}
              value={chartVersion}
              onChange={(event) => setChartVersion(event.target.value)}
              aria-invalid={ids.invalid}
              aria-describedby={ids.describedBy}
              placeholder="e.g. 0.36.1"
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              maxLength={64}
            />
          )}
        </Field>
        <Field
          label="Sleep mode"
          optional
          error={sleepError ?? errors.fields.sleep}
          hint={
            <>
              JSON: <code className="font-mono">afterIdleMinutes</code> {'{default, min, max}'}, <code className="font-mono">allowNever</code>, <code className="font-mono">schedule</code> {'{timeZone, windows: [{days, from, to}]}'} and <code className="font-mono">allowTenantChange</code>. Empty: its vClusters never sleep.
            </>
          }
        >
          {(ids) => (
            <textarea
              id={ids.id}
              data-sleep-field
              className={`${inputClass} font-mono text-xs`}
              rows={sleepText ? 6 : 2}
              value={sleepText}
              onChange={(event) => setSleepText(event.target.value)}
              aria-invalid={ids.invalid}
              aria-describedby={ids.describedBy}
              placeholder='{"afterIdleMinutes": {"default": 60, "min": 15, "max": 480}, "allowTenantChange": true}'
              spellCheck={false}
            />
          )}
        </Field>
      </div>

      <div className={`${cardClass} p-4 sm:p-5`}>
        <label htmlFor="template-base-values" className="block text-sm font-medium">
          Base values <span className="font-normal text-slate-500 dark:text-slate-400">(YAML or JSON)</span>
        </label>
        <p id="template-base-values-hint" className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          vCluster chart values every vCluster of this template starts from. Empty means the chart&apos;s defaults. The chart checks them against its schema when a vCluster is created.
        </p>
        <textarea
          id="template-base-values"
          className={`${inputClass} mt-2 font-mono text-xs leading-5`}
          rows={12}
          value={valuesText}
          onChange={(event) => {
            setValuesText(event.target.value);
            if (valuesError) setValuesError(undefined);
            if (legacy) setLegacy(undefined);
          }}
          onBlur={() => void check()}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          placeholder={'# for example\ncontrolPlane:\n  statefulSet:\n    resources:\n      requests:\n        cpu: 200m'}
          aria-invalid={Boolean(baseValuesError)}
          aria-describedby={`template-base-values-hint${baseValuesError ? ' template-base-values-error' : ''}`}
        />
        {baseValuesError && <FieldError id="template-base-values-error">{baseValuesError}</FieldError>}
        {legacy && (
          <div className="mt-3">
            <LegacyImportPreview result={legacy} onConvert={() => void applyConverted()} />
          </div>
        )}
      </div>

      <fieldset className={`${cardClass} p-4 sm:p-5`} aria-describedby="allowed-options-hint">
        <legend className="float-left w-full text-sm font-medium">Options tenants may change</legend>
        <p id="allowed-options-hint" className="clear-both pt-0.5 text-xs text-slate-500 dark:text-slate-400">
          Everything else comes from the base values only. Unticked options keep the value the base values give.
        </p>
        <ul className="mt-3 space-y-3">
          {OPTION_IDS.map((id) => {
            const info = OPTION_INFO[id];
            const checked = allowed.includes(id);
            const slug = id.replace(/\./g, '-');
            return (
              <li key={id} className="flex items-start gap-2.5">
                <input
                  id={`option-${slug}`}
                  type="checkbox"
                  className={`${checkboxClass} mt-0.5`}
                  checked={checked}
                  onChange={() => setAllowed((a) => (checked ? a.filter((x) => x !== id) : [...a, id]))}
                  aria-describedby={`option-${slug}-text`}
                />
                <div className="text-sm">
                  <label htmlFor={`option-${slug}`} className="font-medium">
                    {info.label}
                  </label>
                  <code className="ml-1.5 text-xs text-slate-500 dark:text-slate-400">{id}</code>
                  <p id={`option-${slug}-text`} className="text-xs text-slate-600 dark:text-slate-400">
                    {info.explanation}
                    {info.caution && <span className="block text-amber-700 dark:text-amber-300">{info.caution}</span>}
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
        {errors.fields.allowedOptions && <FieldError>{errors.fields.allowedOptions}</FieldError>}
      </fieldset>

      <fieldset className={`${cardClass} p-4 sm:p-5`} aria-describedby="pod-security-hint">
        <legend className="float-left w-full text-sm font-medium">Pod Security level</legend>
        <p id="pod-security-hint" className="clear-both pt-0.5 text-xs text-slate-500 dark:text-slate-400">
          Enforced by the host on each vCluster&apos;s namespace, where every synced pod runs, whatever the tenant does inside. Tenants cannot change it.
        </p>
        <ul className="mt-3 space-y-3">
          {POD_SECURITY_CHOICES.map((choice) => {
            const checked = podSecurity === choice.level;
            return (
              <li key={choice.level} className="flex items-start gap-2.5">
                <input
                  id={`pod-security-${choice.level}`}
                  type="radio"
                  name="pod-security-level"
                  value={choice.level}
                  className={`${checkboxClass} mt-0.5`}
                  checked={checked}
                  onChange={() => setPodSecurity(choice.level)}
                  aria-invalid={Boolean(errors.fields.podSecurityLevel)}
                  aria-describedby={`pod-security-${choice.level}-text${choice.warning && checked ? ` pod-security-${choice.level}-warning` : ''}`}
                />
                <div className="text-sm">
                  <label htmlFor={`pod-security-${choice.level}`} className="font-medium">
                    {choice.label}
                  </label>
                  <code className="ml-1.5 text-xs text-slate-500 dark:text-slate-400">{choice.level}</code>
                  <p id={`pod-security-${choice.level}-text`} className="text-xs text-slate-600 dark:text-slate-400">
                    {choice.description}
                  </p>
                  {choice.warning && checked && (
                    <p
                      id={`pod-security-${choice.level}-warning`}
                      role="alert"
                      className="mt-1.5 rounded-md border border-amber-300 bg-amber-50 px-2.5 py-1.5 text-xs font-medium text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
                      data-testid="pod-security-warning"
                    >
                      <span aria-hidden="true">⚠ </span>
                      {choice.warning}
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
        {errors.fields.podSecurityLevel && <FieldError>{errors.fields.podSecurityLevel}</FieldError>}
      </fieldset>

      <div className={`${cardClass} p-4 sm:p-5`}>
        <ListEditor
          label="Ingress hosts"
          itemNoun="ingress host pattern"
          items={hosts}
          draft={hostDraft}
          onDraftChange={setHostDraft}
          onChange={setHosts}
          placeholder="e.g. *.{vcluster}.{tenant}.apps.example.com"
          hint={TEMPLATE_INGRESS_HOSTS_HINT}
          error={errors.fields.ingressHosts}
        />
      </div>

      <FormActions what="template" mode={mode} saving={saving} busy={busy} cancelHref={cancelHref} />
    </form>
  );
}
