'use client';
import { ApiFetchError } from '@/lib/client/api-fetch';
import { Button } from './button';
import { Callout } from './callout';
import { RefreshIcon } from './icons';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiFetchError) return error.message;
  if (error instanceof Error) return error.message === 'Failed to fetch' ? 'Cubby did not answer. Check your connection.' : error.message;
  return 'Something went wrong.';
}

/** A failed read: what the API said, and a way to try again. */
export function QueryError({ title, error, onRetry, retrying }: { title: string; error: unknown; onRetry?: () => void; retrying?: boolean }) {
  return (
    <div className="p-4">
      <Callout kind="error" title={title} role="alert">
        <p>{errorMessage(error)}</p>
        {onRetry && (
          <Button variant="secondary" size="sm" className="mt-2" onClick={onRetry} loading={retrying} icon={<RefreshIcon className="size-4" />}>
            Try again
          </Button>
        )}
      </Callout>
    </div>
  );
}
