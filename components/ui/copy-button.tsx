'use client';
import { useEffect, useState } from 'react';
import { buttonClasses, type ButtonSize, type ButtonVariant } from './button';
import { CheckIcon, CopyIcon } from './icons';
import { useToast } from './toast';

/** navigator.clipboard needs a secure context; plain http installs fall back to execCommand. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

export function CopyButton({ text, label = 'Copy', variant = 'secondary', size = 'sm', className }: { text: string; label?: string; variant?: ButtonVariant; size?: ButtonSize; className?: string }) {
  const [copied, setCopied] = useState(false);
  const toast = useToast();
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={buttonClasses(variant, size, className)}
      onClick={() =>
        copyText(text).then(
          () => setCopied(true),
          (error: unknown) => toast.error('Could not copy', error instanceof Error ? `${error.message}; select the text and copy it yourself.` : undefined),
        )
      }
    >
      {copied ? <CheckIcon className="size-4 text-emerald-500" /> : <CopyIcon className="size-4" />}
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}

/** A command or value in monospace with a copy button beside it. */
export function CodeBlock({ code, label, copyLabel = 'Copy' }: { code: string; label?: string; copyLabel?: string }) {
  return (
    <div className="overflow-hidden rounded-md bg-slate-900 text-slate-100 ring-1 ring-slate-800 dark:bg-slate-950">
      <div className="flex items-center justify-between gap-2 border-b border-slate-700/70 py-1 pr-1 pl-3">
        <span className="truncate text-xs text-slate-400">{label ?? 'Shell'}</span>
        <CopyButton text={code} label={copyLabel} variant="onDark" size="sm" />
      </div>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-relaxed whitespace-pre">
        <code>{code}</code>
      </pre>
    </div>
  );
}
