import { useSyncExternalStore } from 'react';

const unchanging = () => () => undefined;

/**
 * The page's origin (`https://cubby.example.com`). Empty on the server and while hydrating, then
 * the browser's: both sides first render the same text, so React sees no mismatch.
 */
export function useOrigin(): string {
  return useSyncExternalStore(unchanging, () => window.location.origin, () => '');
}
