import type { ReactNode } from 'react';
import { cx } from './cx';

export type Tone = 'green' | 'yellow' | 'red' | 'blue' | 'gray' | 'indigo';

const tones: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-600/30 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  yellow: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/30',
  red: 'bg-red-50 text-red-800 ring-red-600/30 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30',
  blue: 'bg-sky-50 text-sky-800 ring-sky-600/30 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/30',
  gray: 'bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-400/10 dark:text-slate-300 dark:ring-slate-400/30',
  indigo: 'bg-indigo-50 text-indigo-800 ring-indigo-600/30 dark:bg-indigo-400/10 dark:text-indigo-300 dark:ring-indigo-400/30',
};

const dots: Record<Tone, string> = {
  green: 'bg-emerald-500',
  yellow: 'bg-amber-500',
  red: 'bg-red-500',
  blue: 'bg-sky-500',
  gray: 'bg-slate-400',
  indigo: 'bg-indigo-500',
};

export function Badge({ tone = 'gray', dot, pulse, children, className }: { tone?: Tone; dot?: boolean; pulse?: boolean; children: ReactNode; className?: string }) {
  return (
    <span className={cx('inline-flex items-center gap-1.5 rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset', tones[tone], className)}>
      {dot && (
        <span className="relative flex size-1.5" aria-hidden="true">
          {pulse && <span className={cx('absolute inline-flex h-full w-full animate-ping rounded-full opacity-75 motion-reduce:hidden', dots[tone])} />}
          <span className={cx('relative inline-flex size-1.5 rounded-full', dots[tone])} />
        </span>
      )}
      {children}
    </span>
  );
}
