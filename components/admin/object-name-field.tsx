import { Field } from './field';
import { inputClass } from './styles';

/** The name of a tenant or template: typed once, read-only afterwards (other objects refer to it). */
export function ObjectNameField({ mode, value, onChange, error, createHint }: { mode: 'create' | 'edit'; value: string; onChange: (value: string) => void; error?: string; createHint: string }) {
  return (
    <Field label="Name" error={error} hint={mode === 'create' ? createHint : 'The name cannot change.'}>
      {(ids) => (
        <input
          id={ids.id}
          className={`${inputClass} font-mono`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          readOnly={mode === 'edit'}
          aria-readonly={mode === 'edit'}
          aria-invalid={ids.invalid}
          aria-describedby={ids.describedBy}
          required
          autoComplete="off"
          spellCheck={false}
          maxLength={63}
        />
      )}
    </Field>
  );
}
