'use client';
import type { ReactNode } from 'react';
import { ApiFetchError } from '@/lib/client/api-fetch';
import { buttonClass } from './styles';

const tones = {
  error: 'border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950/60 dark:text-rose-100',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/60 dark:text-amber-100',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100',
  info: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-100',
} as const;

export function Notice({ tone, title, children, action }: { tone: keyof typeof tones; title?: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'} className={`mb-4 flex flex-col gap-3 rounded-md border px-4 py-3 text-sm sm:flex-row sm:items-start sm:justify-between ${tones[tone]}`}>
      <div className="min-w-0">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className="break-words">{children}</div>}
      </div>
      {action && <div className="shrink-0">{action}</div>}
    </div>
  );
}

/** The API's own message (it says what to do), with what the admin can try next. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiFetchError) {
    if (error.status === 401) return 'Your session has ended. Sign in again.';
    return error.message;
  }
  if (error instanceof Error) return `${error.message}. Check your connection and try again.`;
  return 'Something went wrong. Try again.';
}

/** A 4xx other than a timeout or rate limit answers the same on retry: no point offering it. */
function retryable(error: unknown): boolean {
  return !(error instanceof ApiFetchError) || error.status >= 500 || error.status === 408 || error.status === 429;
}

export function QueryError({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  if (!retryable(error)) onRetry = undefined;
  return (
    <Notice
      tone="error"
      title={`Could not load ${what}`}
      action={
        onRetry && (
          <button type="button" className={buttonClass.secondary} onClick={onRetry}>
            Try again
          </button>
        )
      }
    >
      {errorMessage(error)}
    </Notice>
  );
}
