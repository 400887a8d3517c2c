import 'server-only';
// Signing out of single sign-on ends the provider's session too (OpenID Connect RP-initiated
// logout): after Cubby's cookie is gone the browser goes to the provider's
// `end_session_endpoint`, which comes back to Cubby's sign-in page. Without it, the next "Sign in
// with SSO" on a shared machine signs the same person in again without asking.

let discovered: { issuer: string; endSession: string | undefined } | undefined;

async function endSessionEndpoint(issuer: string): Promise<string | undefined> {
  if (discovered?.issuer === issuer) return discovered.endSession;
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`the identity provider's discovery answered ${response.status}`);
  const document = (await response.json()) as { end_session_endpoint?: unknown };
  const endSession = typeof document.end_session_endpoint === 'string' ? document.end_session_endpoint : undefined;
  discovered = { issuer, endSession };
  return endSession;
}

/**
 * Where to send the browser after Cubby's own sign-out; undefined when single sign-on is off or
 * the provider offers no logout endpoint (then only Cubby's session ends).
 */
export async function providerLogoutUrl(env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
  const issuer = env.CUBBY_OIDC_ISSUER;
  const clientId = env.CUBBY_OIDC_CLIENT_ID;
  if (!issuer || !clientId) return undefined;
  const endpoint = await endSessionEndpoint(issuer);
  if (!endpoint) return undefined;
  const url = new URL(endpoint);
  url.searchParams.set('client_id', clientId);
  if (env.NEXTAUTH_URL) url.searchParams.set('post_logout_redirect_uri', `${env.NEXTAUTH_URL.replace(/\/$/, '')}/signin`);
  return url.toString();
}
