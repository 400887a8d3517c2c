import type { ReactNode } from 'react';
import { currentUser } from './session';
import { SignedInShell } from './signed-in-shell';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Signed out: each page redirects to /signin (with its own path to come back to).
  if (!user) return <>{children}</>;
  return <SignedInShell userName={user.name}>{children}</SignedInShell>;
}
