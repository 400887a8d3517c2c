import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { currentUser } from '../(console)/session';
import { SignedInShell } from '../(console)/signed-in-shell';
import { callerIsAdmin } from './admin-gate';

// The admin pages get the same frame as every signed-in page (top bar, theme, the change stream
// subscription). Signed out: each page redirects to /signin itself.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [user, admin] = await Promise.all([currentUser(), callerIsAdmin()]);
  if (!user) return <>{children}</>;
  return (
    <SignedInShell userName={user.name}>
      {/* The tabs only for admins; each page checks again (layouts are not re-run on navigation). */}
      {admin && <AdminNav />}
      {children}
    </SignedInShell>
  );
}
