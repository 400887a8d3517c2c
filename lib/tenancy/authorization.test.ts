import { describe, expect, it } from 'vitest';
import { TenancyError } from './errors';
import type { Tenant } from './model';
import {
  assertTemplateAllowed,
  assertTenantAccess,
  canUseTemplate,
  checkQuota,
  isAdmin,
  isMember,
  tenantsOf,
  visibleTenants,
} from './authorization';

const tenant = (name: string, users: string[], groups: string[], extra: Partial<Tenant['spec']> = {}): Tenant => ({
  name,
  spec: { members: { users, groups }, quota: { maxVClusters: 2 }, templates: ['small'], ...extra },
});

const teamA = tenant('team-a', ['alice'], ['devs-a']);
const teamB = tenant('team-b', ['bob'], ['devs-b', 'shared']);
const teamC = tenant('team-c', [], ['shared']);
const all = [teamA, teamB, teamC];

const thrown = (fn: () => void): TenancyError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TenancyError);
    return error as TenancyError;
  }
  throw new Error('expected a TenancyError');
};

describe('isAdmin', () => {
  it('is membership of the configured group, nothing else', () => {
    expect(isAdmin({ user: 'root', groups: ['ops', 'cubby:admins'] }, 'cubby:admins')).toBe(true);
    expect(isAdmin({ user: 'cubby:admins', groups: [] }, 'cubby:admins')).toBe(false);
    expect(isAdmin({ user: 'root', groups: ['cubby:admins'] }, 'platform')).toBe(false);
    expect(isAdmin({ user: 'root', groups: ['system:masters'] }, 'cubby:admins')).toBe(false);
  });

  it('reads the group from CUBBY_ADMIN_GROUP when none is passed', () => {
    const saved = process.env.CUBBY_ADMIN_GROUP;
    try {
      process.env.CUBBY_ADMIN_GROUP = 'platform-team';
      expect(isAdmin({ user: 'x', groups: ['platform-team'] })).toBe(true);
      expect(isAdmin({ user: 'x', groups: ['cubby:admins'] })).toBe(false);
      delete process.env.CUBBY_ADMIN_GROUP;
      expect(isAdmin({ user: 'x', groups: ['cubby:admins'] })).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CUBBY_ADMIN_GROUP;
      else process.env.CUBBY_ADMIN_GROUP = saved;
    }
  });
});

describe('membership', () => {
  it('counts a user by name or by any group', () => {
    expect(isMember({ user: 'alice', groups: [] }, teamA)).toBe(true);
    expect(isMember({ user: 'zoe', groups: ['x', 'devs-a'] }, teamA)).toBe(true);
    expect(isMember({ user: 'zoe', groups: ['devs-b'] }, teamA)).toBe(false);
    // A group named like a member user is not that user.
    expect(isMember({ user: 'zoe', groups: ['alice'] }, teamA)).toBe(false);
  });

  it('lists every tenant a user belongs to, and all of them for admins', () => {
    expect(tenantsOf({ user: 'bob', groups: [] }, all).map((t) => t.name)).toEqual(['team-b']);
    expect(tenantsOf({ user: 'zoe', groups: ['shared'] }, all).map((t) => t.name)).toEqual(['team-b', 'team-c']);
    expect(tenantsOf({ user: 'nobody', groups: [] }, all)).toEqual([]);
    expect(visibleTenants({ user: 'root', groups: ['cubby:admins'] }, all, 'cubby:admins')).toHaveLength(3);
    expect(visibleTenants({ user: 'alice', groups: [] }, all, 'cubby:admins').map((t) => t.name)).toEqual(['team-a']);
  });

  it('answers outsiders 404 whether or not the tenant exists', () => {
    assertTenantAccess({ user: 'alice', groups: [] }, teamA, 'cubby:admins');
    assertTenantAccess({ user: 'root', groups: ['cubby:admins'] }, teamA, 'cubby:admins');
    const outsider = thrown(() => assertTenantAccess({ user: 'bob', groups: [] }, teamA, 'cubby:admins'));
    const missing = thrown(() => assertTenantAccess({ user: 'bob', groups: [] }, undefined, 'cubby:admins'));
    expect([outsider.status, outsider.code]).toEqual([404, 'not_found']);
    expect([missing.status, missing.code]).toEqual([404, 'not_found']);
  });
});

describe('templates', () => {
  it("allows exactly the tenant's list", () => {
    expect(canUseTemplate(teamA, 'small')).toBe(true);
    expect(canUseTemplate(teamA, 'large')).toBe(false);
    assertTemplateAllowed(teamA, 'small');
    const error = thrown(() => assertTemplateAllowed(teamA, 'large'));
    expect([error.status, error.code]).toEqual([403, 'forbidden']);
    expect(error.message).toContain("'large'");
    expect(error.message).toContain('small');
    expect(thrown(() => assertTemplateAllowed(tenant('empty', [], [], { templates: [] }), 'small')).message).toContain('ask an admin');
  });
});

describe('checkQuota', () => {
  it('allows creating while below the limit and says the limit when refusing', () => {
    checkQuota(teamA, 0);
    checkQuota(teamA, 1);
    const error = thrown(() => checkQuota(teamA, 2));
    expect([error.status, error.code]).toEqual([403, 'quota_exceeded']);
    expect(error.message).toContain('at most 2 vClusters');
    expect(thrown(() => checkQuota(teamA, 7)).message).toContain('has 7');
    expect(thrown(() => checkQuota(tenant('none', [], [], { quota: { maxVClusters: 0 } }), 0)).message).toContain('allows 0');
  });
});
