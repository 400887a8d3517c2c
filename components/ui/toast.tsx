'use client';
// A small toast system: a provider that keeps a queue, a hook to push messages, and a live
// region that announces them. Errors stay longer and are announced assertively.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { cx } from './cx';
import { AlertIcon, CheckIcon, InfoIcon, XIcon } from './icons';

export type ToastKind = 'success' | 'error' | 'info';

export interface ToastInput {
  kind?: ToastKind;
  title: string;
  message?: string;
}

interface ToastItem extends Required<Pick<ToastInput, 'kind' | 'title'>> {
  id: number;
  message?: string;
}

interface ToastApi {
  show(toast: ToastInput): void;
  success(title: string, message?: string): void;
  error(title: string, message?: string): void;
  info(title: string, message?: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const DURATION: Record<ToastKind, number> = { success: 4000, info: 7000, error: 10000 };
const MAX_VISIBLE = 4;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((input: ToastInput) => {
    const item: ToastItem = { id: nextId.current++, kind: input.kind ?? 'info', title: input.title, message: input.message };
    setToasts((all) => {
      // The same message twice in a row (a retried failure) is shown once.
      const without = all.filter((t) => !(t.title === item.title && t.message === item.message));
      return [...without, item].slice(-MAX_VISIBLE);
    });
  }, []);
  const api = useMemo<ToastApi>(
    () => ({
      show,
      success: (title, message) => show({ kind: 'success', title, message }),
      error: (title, message) => show({ kind: 'error', title, message }),
      info: (title, message) => show({ kind: 'info', title, message }),
    }),
    [show],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end" aria-live="polite" aria-relevant="additions">
        {toasts.map((t) => (
          <Toast key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), DURATION[toast.kind]);
    return () => clearTimeout(timer);
  }, [paused, toast.id, toast.kind, onDismiss]);

  const Icon = toast.kind === 'success' ? CheckIcon : toast.kind === 'error' ? AlertIcon : InfoIcon;
  return (
    <div
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-toast={toast.kind}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-lg dark:border-slate-700 dark:bg-slate-800"
    >
      <Icon
        className={cx(
          'mt-0.5 size-5 shrink-0',
          toast.kind === 'success' && 'text-emerald-600 dark:text-emerald-400',
          toast.kind === 'error' && 'text-red-600 dark:text-red-400',
          toast.kind === 'info' && 'text-sky-600 dark:text-sky-400',
        )}
      />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-slate-900 dark:text-slate-100">{toast.title}</p>
        {toast.message && <p className="mt-1 text-sm break-words text-slate-600 dark:text-slate-300">{toast.message}</p>}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-m-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-400 dark:hover:bg-slate-700 dark:hover:text-slate-200"
      >
        <XIcon className="size-4" />
        <span className="sr-only">Dismiss</span>
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a ToastProvider above it');
  return api;
}
