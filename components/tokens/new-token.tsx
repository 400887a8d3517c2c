'use client';
import type { CreatedApiToken } from '@/lib/client/api-types';
import { Button } from '@/components/ui/button';
import { CodeBlock } from '@/components/ui/copy-button';
import { CheckIcon } from '@/components/ui/icons';

/** The one time a token's secret is visible. */
export function NewTokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  return (
    <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 dark:border-emerald-900/60 dark:bg-emerald-950/30" role="status">
      <p className="flex items-center gap-2 text-sm font-semibold text-emerald-900 dark:text-emerald-200">
        <CheckIcon className="size-4" /> Token “{token.name}” created
      </p>
      <p className="mt-1 text-sm text-emerald-900 dark:text-emerald-200">Copy it now. Cubby keeps only a hash, so it cannot be shown again.</p>
      <div className="mt-3" data-testid="new-token">
        <CodeBlock code={token.token} label="The new token" copyLabel="Copy token" />
      </div>
      <p className="mt-3 text-xs text-emerald-900/80 dark:text-emerald-200/80">
        Use it as <code className="font-mono">Authorization: Bearer …</code> with Cubby’s API. It expires {new Date(token.expiresAt).toLocaleDateString()}.
      </p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDone}>
        I have copied it
      </Button>
    </div>
  );
}
