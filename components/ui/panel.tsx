import type { ReactNode } from 'react';
import { cx } from './cx';

/** A bordered surface for one block of a page. */
export function Panel({ children, className, as: As = 'section', ...rest }: { children: ReactNode; className?: string; as?: 'section' | 'div'; 'aria-labelledby'?: string }) {
  return (
    <As className={cx('rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900', className)} {...rest}>
      {children}
    </As>
  );
}

export function PanelHeader({ title, id, description, actions }: { title: ReactNode; id?: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
      <div className="min-w-0">
        <h2 id={id} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
