import 'server-only';
// Every admin page starts here: signed-out visitors go to sign-in and come back, signed-in
// non-admins get "not allowed" without any data. The API checks again on every request.
import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { NotAllowed } from '@/components/admin/not-allowed';
import { pageCaller } from '@/lib/auth/request-identity';
import { isAdmin } from '@/lib/tenancy/authorization';
import { adminGroupFromEnv } from '@/lib/tenancy/settings';

/** undefined when the caller is an admin; otherwise what to render instead of the page. */
export async function adminGate(path: string): Promise<ReactNode | undefined> {
  const caller = await pageCaller();
  if (!caller) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  if (!isAdmin(caller, adminGroupFromEnv())) return <NotAllowed user={caller.user} />;
  return undefined;
}

export async function callerIsAdmin(): Promise<boolean> {
  const caller = await pageCaller();
  return caller !== undefined && isAdmin(caller, adminGroupFromEnv());
}
