import { afterEach, describe, expect, it, vi } from 'vitest';
import { providerLogoutUrl } from './provider-logout';

describe('providerLogoutUrl', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the browser to the provider's end_session_endpoint, back to the sign-in page", async () => {
    const fetchStub = vi.fn(async () => Response.json({ end_session_endpoint: 'https://idp.example.com/session/end' }));
    vi.stubGlobal('fetch', fetchStub);
    const url = new URL((await providerLogoutUrl({ CUBBY_OIDC_ISSUER: 'https://idp.example.com/', CUBBY_OIDC_CLIENT_ID: 'cubby', NEXTAUTH_URL: 'https://cubby.example.com' }))!);
    expect(fetchStub).toHaveBeenCalledWith('https://idp.example.com/.well-known/openid-configuration', expect.anything());
    expect(url.origin + url.pathname).toBe('https://idp.example.com/session/end');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'cubby', post_logout_redirect_uri: 'https://cubby.example.com/signin' });
  });

  it('is nothing without single sign-on or without a logout endpoint', async () => {
    expect(await providerLogoutUrl({})).toBeUndefined();
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ issuer: 'https://other.example.com' })));
    expect(await providerLogoutUrl({ CUBBY_OIDC_ISSUER: 'https://other.example.com', CUBBY_OIDC_CLIENT_ID: 'c' })).toBeUndefined();
  });
});
