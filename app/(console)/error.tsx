'use client';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';

/** A crash in a page shows what happened and a way out instead of a blank screen. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl py-12">
      <Callout kind="error" title="This page stopped working" role="alert">
        <p>{error.message || 'An unexpected error happened.'}</p>
        {error.digest && <p className="mt-1 font-mono text-xs">Reference: {error.digest}</p>}
        <Button variant="secondary" size="sm" className="mt-3" onClick={reset}>
          Try again
        </Button>
      </Callout>
    </div>
  );
}
