import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewayBaseUrl, gatewaySettings } from './gateway-kubeconfig';

describe("Cubby's gateway address", () => {
  it('prefers CUBBY_GATEWAY_URL over NEXTAUTH_URL and drops trailing slashes', () => {
    expect(gatewayBaseUrl({ CUBBY_GATEWAY_URL: 'https://kube.example.com//', NEXTAUTH_URL: 'https://cubby.example.com' })).toBe('https://kube.example.com');
    expect(gatewayBaseUrl({ NEXTAUTH_URL: 'https://cubby.example.com/' })).toBe('https://cubby.example.com');
    expect(gatewayBaseUrl({})).toBeUndefined();
  });

  it('refuses an address that is no http(s) URL', () => {
    expect(() => gatewayBaseUrl({ CUBBY_GATEWAY_URL: 'ftp://kube.example.com' })).toThrow(/invalid CUBBY_GATEWAY_URL/);
  });

  it('reads the CA file only for the settings a download needs', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'cubby-ca-')), 'ca.crt');
    writeFileSync(ca, 'PEM');
    expect(gatewaySettings({ NEXTAUTH_URL: 'https://cubby.example.com', CUBBY_GATEWAY_CA_FILE: ca })).toEqual({ baseUrl: 'https://cubby.example.com', caData: Buffer.from('PEM').toString('base64') });
    expect(gatewayBaseUrl({ NEXTAUTH_URL: 'https://cubby.example.com', CUBBY_GATEWAY_CA_FILE: join(ca, 'missing') })).toBe('https://cubby.example.com');
  });
});
