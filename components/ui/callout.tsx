import type { ReactNode } from 'react';
import { cx } from './cx';
import { AlertIcon, InfoIcon } from './icons';

type Kind = 'info' | 'warning' | 'error' | 'success';

const styles: Record<Kind, string> = {
  info: 'border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900/60 dark:bg-sky-950/40 dark:text-sky-200',
  warning: 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200',
  error: 'border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900/60 dark:bg-emerald-950/40 dark:text-emerald-200',
};

export function Callout({ kind = 'info', title, children, className, role }: { kind?: Kind; title?: ReactNode; children?: ReactNode; className?: string; role?: 'alert' | 'status' }) {
  const Icon = kind === 'info' || kind === 'success' ? InfoIcon : AlertIcon;
  return (
    <div role={role} className={cx('flex gap-3 rounded-lg border px-4 py-3 text-sm', styles[kind], className)}>
      <Icon className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1 space-y-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className="break-words">{children}</div>}
      </div>
    </div>
  );
}
