import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { AppShell } from '@/components/shell/app-shell';
import { currentUser } from '../(console)/session';
import { callerIsAdmin } from './admin-gate';

// The admin pages get the same frame as every signed-in page (top bar, theme, the change stream
// subscription). Signed out: each page redirects to /signin itself.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [user, admin] = await Promise.all([currentUser(), callerIsAdmin()]);
  if (!user) return <>{children}</>;
  return (
    <AppShell userName={user.name}>
      {/* The tabs only for admins; each page checks again (layouts are not re-run on navigation). */}
      {admin && <AdminNav />}
      {children}
    </AppShell>
  );
}
