import { describe, expect, it } from 'vitest';
import { CREDENTIAL_CHOICES, DEFAULT_CREDENTIAL_CHOICE, choiceKey, choiceOfKey, kubeconfigQuery } from './credential-choices';

describe('kubeconfig credential choices', () => {
  it('default to the gateway for 8 hours', () => {
    expect(DEFAULT_CREDENTIAL_CHOICE).toMatchObject({ access: 'gateway', seconds: 8 * 3600 });
    expect(kubeconfigQuery(DEFAULT_CREDENTIAL_CHOICE)).toBe('download=1&access=gateway&expirationSeconds=28800');
  });

  it('ask for the direct server with a certificate or a vCluster-issued token', () => {
    expect(kubeconfigQuery(choiceOfKey('direct:0'))).toBe('download=1&access=direct');
    expect(kubeconfigQuery(choiceOfKey('direct:600'))).toBe('download=1&access=direct&token=true&expirationSeconds=600');
  });

  it('have distinct keys, and an unknown key falls back to the default', () => {
    expect(new Set(CREDENTIAL_CHOICES.map(choiceKey)).size).toBe(CREDENTIAL_CHOICES.length);
    expect(choiceOfKey('nonsense')).toBe(DEFAULT_CREDENTIAL_CHOICE);
  });
});
