import { describe, expect, it } from 'vitest';
import { routeTemplate } from './route-template';

describe('routeTemplate', () => {
  it('replaces parameter values with their names', () => {
    expect(routeTemplate('/api/vclusters/tenant-a/dev/pods', { tenant: 'tenant-a', name: 'dev' })).toBe('/api/vclusters/[tenant]/[name]/pods');
  });

  it('keeps fixed segments, also when a parameter value equals none of them', () => {
    expect(routeTemplate('/api/vclusters', {})).toBe('/api/vclusters');
    expect(routeTemplate('/api/tenants/t1', { name: 't1' })).toBe('/api/tenants/[name]');
  });

  it('matches percent-encoded segments by their decoded value', () => {
    expect(routeTemplate('/api/tokens/a%20b', { id: 'a b' })).toBe('/api/tokens/[id]');
  });
});
