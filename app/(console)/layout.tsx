import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { currentUser } from './session';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Signed out: each page redirects to /signin (with its own path to come back to).
  if (!user) return <>{children}</>;
  return <AppShell userName={user.name}>{children}</AppShell>;
}
