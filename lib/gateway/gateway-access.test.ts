import { describe, expect, it } from 'vitest';
import { insideIdentity } from './gateway-access';

describe('who a caller is inside the vCluster', () => {
  const caller = { user: 'alice', provider: 'local' as const, tokenId: 't', admin: false };

  it('is the user with their own groups and the tenant group', () => {
    expect(insideIdentity({ ...caller, groups: ['dev'] }, 'acme', true)).toEqual({ user: 'alice', groups: ['dev', 'cubby:tenant:acme'] });
  });

  it('never carries system: or cubby: groups the user brings', () => {
    const inside = insideIdentity({ ...caller, groups: ['system:masters', 'system:nodes', 'cubby:admins', 'cubby:tenant:other', 'dev'] }, 'acme', true);
    expect(inside.groups).toEqual(['dev', 'cubby:tenant:acme']);
  });

  it('adds cubby:admins for Cubby admins, and the tenant group only for members', () => {
    expect(insideIdentity({ ...caller, groups: ['platform'], admin: true }, 'acme', false)).toEqual({ user: 'alice', groups: ['platform', 'cubby:admins'] });
  });
});
