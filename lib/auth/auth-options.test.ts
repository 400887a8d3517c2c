import { afterEach, describe, expect, it, vi } from 'vitest';
import { authOptions } from './auth-options';

// next-auth merges a provider's options (its id among them) only when it runs.
const providerIds = () => authOptions().providers.map((p) => (p as { options?: { id?: string } }).options?.id ?? p.id);

describe('sign-in methods', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('offers local accounts only with an accounts file and single sign-on only with an issuer', () => {
    vi.stubEnv('CUBBY_LOCAL_ACCOUNTS_FILE', '');
    vi.stubEnv('CUBBY_OIDC_ISSUER', '');
    expect(providerIds()).toEqual([]);
    vi.stubEnv('CUBBY_LOCAL_ACCOUNTS_FILE', '/etc/cubby/accounts.json');
    expect(providerIds()).toEqual(['local']);
    vi.stubEnv('CUBBY_OIDC_ISSUER', 'https://idp.example.com');
    vi.stubEnv('CUBBY_OIDC_CLIENT_ID', 'cubby');
    vi.stubEnv('CUBBY_OIDC_CLIENT_SECRET', 's3cret');
    expect(providerIds()).toEqual(['local', 'oidc']);
    vi.stubEnv('CUBBY_LOCAL_ACCOUNTS_FILE', '');
    expect(providerIds()).toEqual(['oidc']);
  });
});
