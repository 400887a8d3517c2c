'use client';
// The audit trail's filters as a form: applied together with "Apply" (or Enter), so typing a
// user name does not fire a request per key.
import { useId, useState, type FormEvent } from 'react';
import { buttonClass, inputClass } from './styles';

export const AUDIT_ACTIONS = [
  'vcluster.create',
  'vcluster.update',
  'vcluster.pause',
  'vcluster.resume',
  'vcluster.delete',
  'vcluster.assign',
  'kubeconfig.download',
  'tenant.create',
  'tenant.update',
  'tenant.delete',
  'template.create',
  'template.update',
  'template.delete',
] as const;

export const WITHIN = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' } as const;
export type Within = keyof typeof WITHIN;

export interface AuditFilterValues {
  tenant: string;
  actor: string;
  action: string;
  vcluster: string;
  result: string;
  /** A preset, 'custom' (then `since` holds a datetime-local value), or '' for any time. */
  within: Within | 'custom' | '';
  since: string;
}

export const EMPTY_FILTER: AuditFilterValues = { tenant: '', actor: '', action: '', vcluster: '', result: '', within: '', since: '' };

export function AuditFilters({ initial, tenants, onApply }: { initial: AuditFilterValues; tenants: string[]; onApply: (values: AuditFilterValues) => void }) {
  const [values, setValues] = useState(initial);
  const id = useId();
  const set = (key: keyof AuditFilterValues) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  const label = 'block text-xs font-medium text-slate-600 dark:text-slate-400';
  return (
    <form onSubmit={submit} aria-label="Filter the audit trail" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-6">
        <div>
          <label htmlFor={`${id}-tenant`} className={label}>
            Tenant
          </label>
          <input id={`${id}-tenant`} list={`${id}-tenants`} className={`${inputClass} mt-1`} value={values.tenant} onChange={set('tenant')} placeholder="Any tenant" autoComplete="off" spellCheck={false} />
          <datalist id={`${id}-tenants`}>
            {tenants.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor={`${id}-actor`} className={label}>
            User
          </label>
          <input id={`${id}-actor`} className={`${inputClass} mt-1`} value={values.actor} onChange={set('actor')} placeholder="Any user" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor={`${id}-action`} className={label}>
            Action
          </label>
          <select id={`${id}-action`} className={`${inputClass} mt-1`} value={values.action} onChange={set('action')}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-vcluster`} className={label}>
            vCluster
          </label>
          <input id={`${id}-vcluster`} className={`${inputClass} mt-1`} value={values.vcluster} onChange={set('vcluster')} placeholder="Any vCluster" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor={`${id}-result`} className={label}>
            Result
          </label>
          <select id={`${id}-result`} className={`${inputClass} mt-1`} value={values.result} onChange={set('result')}>
            <option value="">Any result</option>
            <option value="success">success</option>
            <option value="denied">denied</option>
            <option value="failed">failed</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-within`} className={label}>
            Since
          </label>
          <select id={`${id}-within`} className={`${inputClass} mt-1`} value={values.within} onChange={set('within')}>
            <option value="">Any time</option>
            {Object.entries(WITHIN).map(([key, text]) => (
              <option key={key} value={key}>
                {text}
              </option>
            ))}
            <option value="custom">A date and time…</option>
          </select>
          {values.within === 'custom' && (
            <>
              <label htmlFor={`${id}-since`} className="sr-only">
                Since date and time
              </label>
              <input id={`${id}-since`} type="datetime-local" className={`${inputClass} mt-2`} value={values.since} onChange={set('since')} />
            </>
          )}
        </div>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="submit" className={buttonClass.primary}>
          Apply filters
        </button>
        <button
          type="button"
          className={buttonClass.secondary}
          onClick={() => {
            setValues(EMPTY_FILTER);
            onApply(EMPTY_FILTER);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
