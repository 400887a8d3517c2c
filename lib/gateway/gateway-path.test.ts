import { describe, expect, it } from 'vitest';
import { isGatewayUrl, parseGatewayUrl } from './gateway-path';

describe('gateway paths', () => {
  it('hands /kube and below to the gateway, nothing else', () => {
    expect(isGatewayUrl('/kube/acme/dev/api')).toBe(true);
    expect(isGatewayUrl('/kube')).toBe(true);
    expect(isGatewayUrl('/kube?x=1')).toBe(true);
    expect(isGatewayUrl('/kubernetes')).toBe(false);
    expect(isGatewayUrl('/api/vclusters')).toBe(false);
    expect(isGatewayUrl(undefined)).toBe(false);
  });

  it('splits tenant, vCluster and the path on the vCluster, keeping encoding and query', () => {
    expect(parseGatewayUrl('/kube/acme/dev/api/v1/namespaces/default/pods?watch=true&labelSelector=a%3Db')).toEqual({
      target: { tenant: 'acme', name: 'dev', path: '/api/v1/namespaces/default/pods', search: '?watch=true&labelSelector=a%3Db' },
    });
    expect(parseGatewayUrl('/kube/acme/dev')).toEqual({ target: { tenant: 'acme', name: 'dev', path: '/', search: '' } });
    expect(parseGatewayUrl('/kube/acme/dev/')).toEqual({ target: { tenant: 'acme', name: 'dev', path: '/', search: '' } });
  });

  it('answers paths without a vCluster, and names that are not names, as not found', () => {
    for (const url of ['/kube', '/kube/', '/kube/acme', '/kube/acme/', '/kube/Acme/dev/api', '/kube/acme/dev%2Fother/api', '/kube/acme/../api', '/kube/%2e%2e/dev/api']) {
      expect(parseGatewayUrl(url)).toMatchObject({ problem: 'not-found' });
    }
  });

  it('refuses dot segments and encoded slashes in the rest of the path', () => {
    for (const url of ['/kube/acme/dev/../other/api', '/kube/acme/dev/api/%2e%2e/x', '/kube/acme/dev/./api', '/kube/acme/dev/api%2Fv1', '/kube/acme/dev/api/%zz']) {
      expect(parseGatewayUrl(url)).toMatchObject({ problem: 'bad-path' });
    }
  });
});
