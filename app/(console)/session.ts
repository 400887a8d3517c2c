import 'server-only';
// The signed-in user of a page request; pages call it first so a signed-out visitor goes to the
// sign-in page and comes back afterwards. The API checks again on every call.
import { getServerSession } from 'next-auth/next';
import { redirect } from 'next/navigation';
import { authOptions } from '@/lib/auth/auth-options';
import { pageCaller } from '@/lib/auth/request-identity';

export interface PageUser {
  username: string;
  name: string;
}

export async function currentUser(): Promise<PageUser | undefined> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { username?: string; name?: string | null } | undefined;
  if (!user?.username) return undefined;
  // The cookie may outlive the account or the sign-in it names: ask whether it still counts.
  if (!(await pageCaller())) return undefined;
  return { username: user.username, name: user.name || user.username };
}

export async function requireUser(callbackPath: string): Promise<PageUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}
