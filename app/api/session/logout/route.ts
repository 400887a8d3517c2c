// Where the browser goes after signing out: the identity provider's logout for single sign-on
// sessions, nothing otherwise. Read from the cookie alone, so a user whose access has already
// ended can still end the provider's session.
import { sessionSubject } from '@/lib/auth/request-identity';
import { providerLogoutUrl } from '@/lib/auth/provider-logout';
import { errorFields, log } from '@/lib/observability/logger';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const subject = await sessionSubject();
  let url: string | undefined;
  if (subject?.provider === 'oidc') {
    try {
      url = await providerLogoutUrl();
    } catch (error) {
      log.error({ component: 'auth', ...errorFields(error) }, 'provider logout unavailable');
    }
  }
  return Response.json({ providerLogoutUrl: url ?? null }, { headers: { 'cache-control': 'no-store' } });
}
