// Where the browser goes after signing out: the identity provider's logout for single sign-on
// sessions, nothing otherwise. Read from the cookie alone, so a user whose access has already
// ended can still end the provider's session.
import { sessionSubject } from '@/lib/auth/request-identity';
import { providerLogoutUrl } from '@/lib/auth/provider-logout';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const subject = await sessionSubject();
  let url: string | undefined;
  if (subject?.provider === 'oidc') {
    try {
      url = await providerLogoutUrl();
    } catch (error) {
      console.error(`cubby: provider logout unavailable: ${String((error as Error).message).slice(0, 300)}`);
    }
  }
  return Response.json({ providerLogoutUrl: url ?? null }, { headers: { 'cache-control': 'no-store' } });
}
