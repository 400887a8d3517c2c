import { describe, expect, it } from 'vitest';
import type { Template, Tenant } from '@/lib/tenancy/model';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { meView, templatesForCaller } from './catalog-views';

const template = (name: string) => ({ name, spec: { baseValues: {}, allowedOptions: [] } }) as unknown as Template;
const tenant = (name: string, users: string[], groups: string[], templates: string[]) =>
  ({ name, spec: { members: { users, groups }, templates } }) as unknown as Tenant;

// Only the two reads these views make; the host cache itself is tested against the sandbox.
const cache = {
  templates: () => [template('small'), template('standard'), template('gpu')],
  tenants: () => [tenant('tenant-b', ['bob'], [], ['standard']), tenant('tenant-a', [], ['team-a'], ['small', 'standard'])],
} as unknown as HostCache;

describe('templatesForCaller', () => {
  it("gives a member the templates of their tenants, never another tenant's alone", () => {
    expect(templatesForCaller(cache, { user: 'alice', groups: ['team-a'] }, false).map((t) => t.name)).toEqual(['small', 'standard']);
    expect(templatesForCaller(cache, { user: 'bob', groups: [] }, false).map((t) => t.name)).toEqual(['standard']);
    expect(templatesForCaller(cache, { user: 'mallory', groups: [] }, false)).toEqual([]);
  });

  it('gives an admin every template', () => {
    expect(templatesForCaller(cache, { user: 'root', groups: [] }, true).map((t) => t.name)).toEqual(['small', 'standard', 'gpu']);
  });
});

describe('meView', () => {
  it("lists the caller's tenants, sorted; an admin's are all of them", () => {
    expect(meView(cache, { user: 'bob', groups: ['team-a'] }, false)).toEqual({ user: 'bob', groups: ['team-a'], admin: false, tenants: ['tenant-a', 'tenant-b'] });
    expect(meView(cache, { user: 'mallory', groups: [] }, false).tenants).toEqual([]);
    expect(meView(cache, { user: 'root', groups: [] }, true).tenants).toEqual(['tenant-a', 'tenant-b']);
  });
});
