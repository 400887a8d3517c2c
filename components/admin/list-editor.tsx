'use client';
// Add and remove names (users, groups): type, press Enter or "Add"; each name has a remove button.
import { useId } from 'react';
import { FieldError } from './field';
import { buttonClass, inputClass } from './styles';

export interface ListEditorProps {
  label: string;
  itemNoun: string;
  items: string[];
  draft: string;
  placeholder?: string;
  hint?: string;
  error?: string;
  onDraftChange: (draft: string) => void;
  onChange: (items: string[]) => void;
}

export function ListEditor({ label, itemNoun, items, draft, placeholder, hint, error, onDraftChange, onChange }: ListEditorProps) {
  const id = useId();
  const add = () => {
    const names = draft
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) return;
    onChange([...items, ...names.filter((n) => !items.includes(n))]);
    onDraftChange('');
  };
  return (
    <fieldset>
      <legend className="text-sm font-medium">{label}</legend>
      {items.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-1.5" aria-label={`${label} added`}>
          {items.map((item) => (
            <li key={item} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-2.5 pr-1 font-mono text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
              {item}
              <button
                type="button"
                className="inline-flex size-5 items-center justify-center rounded-full text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:bg-slate-700 dark:hover:text-white"
                aria-label={`Remove ${itemNoun} ${item}`}
                onClick={() => onChange(items.filter((i) => i !== item))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">No {itemNoun}s yet.</p>
      )}
      <div className="mt-2 flex gap-2">
        <label htmlFor={id} className="sr-only">
          Add {itemNoun}
        </label>
        <input
          id={id}
          className={`${inputClass} font-mono`}
          value={draft}
          placeholder={placeholder}
          aria-invalid={Boolean(error)}
          aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
          onChange={(event) => onDraftChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" className={buttonClass.secondary} onClick={add} disabled={!draft.trim()}>
          Add
        </button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </fieldset>
  );
}
