import { useId, type ReactNode } from 'react';

export interface FieldIds {
  id: string;
  describedBy?: string;
  invalid: boolean;
}

/**
 * A label, the control, a hint and an error, wired for screen readers: the control gets
 * aria-describedby (hint and error) and aria-invalid through the render function.
 */
export function Field({ label, hint, error, children, optional }: { label: string; hint?: ReactNode; error?: string; optional?: boolean; children: (ids: FieldIds) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {optional && <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">(optional)</span>}
      </label>
      <div className="mt-1">{children({ id, describedBy, invalid: Boolean(error) })}</div>
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}

export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1 text-sm font-medium text-rose-700 dark:text-rose-400" data-field-error>
      {children}
    </p>
  );
}
