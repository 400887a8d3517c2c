// Placeholders with the shape of what is loading, announced once to screen readers.

export function SkeletonBlock({ className = '' }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />;
}

export function TableSkeleton({ rows = 3, columns = 5, label = 'Loading' }: { rows?: number; columns?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <span className="sr-only">{label}…</span>
      <div className="space-y-3">
        <div className="flex gap-4">
          {Array.from({ length: columns }, (_, i) => (
            <SkeletonBlock key={i} className="h-3 flex-1" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex gap-4">
            {Array.from({ length: columns }, (_, i) => (
              <SkeletonBlock key={i} className="h-5 flex-1" />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

export function ChartSkeleton({ label = 'Loading chart' }: { label?: string }) {
  return (
    <div role="status" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <span className="sr-only">{label}…</span>
      <SkeletonBlock className="mb-4 h-4 w-40" />
      <div className="space-y-3">
        <SkeletonBlock className="h-6 w-3/4" />
        <SkeletonBlock className="h-6 w-1/2" />
      </div>
    </div>
  );
}

export function FormSkeleton({ fields = 4 }: { fields?: number }) {
  return (
    <div role="status" className="max-w-2xl space-y-5">
      <span className="sr-only">Loading form…</span>
      {Array.from({ length: fields }, (_, i) => (
        <div key={i} className="space-y-2">
          <SkeletonBlock className="h-3 w-24" />
          <SkeletonBlock className="h-9 w-full" />
        </div>
      ))}
    </div>
  );
}
