import 'server-only';
// Who is calling: a personal API token (Authorization: Bearer) or the next-auth session cookie.
import { getServerSession } from 'next-auth/next';
import type { Identity } from '@/lib/kube/identity';
import { authOptions } from './auth-options';

export type AuthMethod = 'token' | 'session';

export interface Caller extends Identity {
  method: AuthMethod;
}

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export async function callerFromSession(): Promise<Caller | undefined> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { username?: string; groups?: string[] } | undefined;
  if (!user?.username) return undefined;
  return { user: user.username, groups: user.groups ?? [], method: 'session' };
}
