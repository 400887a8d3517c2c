'use client';
import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, so ages in a table tick without refetching. */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** kubectl's age format: 45s, 12m, 3h, 5d (two units while short: 2m30s, 3h5m). */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 365 ? `${d}d` : `${Math.floor(d / 365)}y${d % 365}d`;
}

export function Age({ iso, now }: { iso?: string; now: number }) {
  if (!iso) return <span className="text-slate-400">—</span>;
  const at = new Date(iso);
  return (
    // Pages render their data on the server (prefetch), a moment before the browser hydrates
    // them with its own clock: an age may differ by a second or two, which is no error. The next
    // tick of useNow draws the browser's figure.
    <time dateTime={iso} title={at.toLocaleString()} suppressHydrationWarning>
      {formatAge((now - at.getTime()) / 1000)}
    </time>
  );
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '—' : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
