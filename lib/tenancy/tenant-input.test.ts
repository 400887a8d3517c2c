import { describe, expect, it } from 'vitest';
import { TenancyError } from './errors';
import { parseInput } from './parse-input';
import { TemplateCreateSchema } from './template-input';
import { TenantCreateSchema, TenantUpdateSchema } from './tenant-input';

const problem = (schema: Parameters<typeof parseInput>[0], input: unknown): TenancyError => {
  try {
    parseInput(schema, input, 'Tenant');
  } catch (error) {
    expect(error).toBeInstanceOf(TenancyError);
    expect((error as TenancyError).status).toBe(400);
    return error as TenancyError;
  }
  throw new Error('expected the input to be refused');
};

const quota = { maxVClusters: 1 };

describe('tenant input', () => {
  it('fills defaults and removes duplicate members and templates', () => {
    expect(parseInput(TenantCreateSchema, { name: 'team-a', spec: { quota, members: { users: ['a', 'a'] }, templates: ['x', 'x'] } }, 'Tenant')).toEqual({
      name: 'team-a',
      spec: { quota, members: { users: ['a'], groups: [] }, templates: ['x'] },
    });
  });

  it('accepts the longest tenant name and service accounts as members', () => {
    const name = 'a'.repeat(18);
    const members = { users: ['system:serviceaccount:ci:deployer'], groups: ['oidc:devs'] };
    expect(parseInput(TenantCreateSchema, { name, spec: { quota, members } }, 'Tenant').spec.members).toEqual(members);
  });

  it.each([
    [{ name: 'a'.repeat(19), spec: { quota } }, 'name', 'at most 18'],
    [{ name: 'team--a', spec: { quota } }, 'name', "'--'"],
    [{ name: '-team', spec: { quota } }, 'name', 'starting and ending'],
    [{ name: '', spec: { quota } }, 'name', 'enter a tenant name'],
    [{ name: 'ok', spec: {} }, 'spec.quota', 'spec.quota is required'],
    [{ name: 'ok', spec: { quota: { maxVClusters: '3' } } }, 'spec.quota.maxVClusters', 'whole number'],
    [{ name: 'ok', spec: { quota: { maxVClusters: 1001 } } }, 'spec.quota.maxVClusters', 'at most 1000'],
    [{ name: 'ok', spec: { quota: { maxVClusters: 1, pods: -1 } } }, 'spec.quota.pods', '0 or more'],
    [{ name: 'ok', spec: { quota: { maxVClusters: 1, memory: '1GB' } } }, 'spec.quota.memory', 'not a Kubernetes quantity'],
    [{ name: 'ok', spec: { quota: { maxVClusters: 1, gpus: 1 } } }, 'spec.quota.gpus', 'unknown field'],
    [{ name: 'ok', spec: { quota, members: { users: ['system:anonymous'] } } }, 'spec.members.users.0', 'reserved'],
    [{ name: 'ok', spec: { quota, members: { groups: ['system:masters'] } } }, 'spec.members.groups.0', "Kubernetes' own"],
    [{ name: 'ok', spec: { quota, members: { users: ['a b'] } } }, 'spec.members.users.0', 'spaces'],
    [{ name: 'ok', spec: { quota, templates: ['Big'] } }, 'spec.templates.0', 'lowercase'],
  ])('refuses %j at %s', (input, field, message) => {
    const error = problem(TenantCreateSchema, input);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('requires the resourceVersion on updates and explains why', () => {
    const error = problem(TenantUpdateSchema, { spec: { quota } });
    expect(error.field).toBe('resourceVersion');
    expect(error.message).toContain('concurrent change');
  });
});

describe('template input', () => {
  it('keeps base values and de-duplicates options', () => {
    const baseValues = { sync: { toHost: { ingresses: { enabled: true } } } };
    expect(parseInput(TemplateCreateSchema, { name: 'small', spec: { baseValues, allowedOptions: ['ingressSync', 'ingressSync'] } }, 'Template').spec).toEqual({
      baseValues,
      allowedOptions: ['ingressSync'],
    });
    expect(parseInput(TemplateCreateSchema, { name: 'small', spec: {} }, 'Template').spec).toEqual({ baseValues: {}, allowedOptions: [] });
  });

  it('refuses oversized values', () => {
    const error = problem(TemplateCreateSchema, { name: 'big', spec: { baseValues: { blob: 'x'.repeat(300 * 1024) } } });
    expect(error.field).toBe('spec.baseValues');
    expect(error.message).toContain('KiB');
  });

  it('takes ingress host patterns but no template placeholders', () => {
    const ok = TenantCreateSchema.parse({ name: 'tenant-a', spec: { quota: { maxVClusters: 1 }, ingressHosts: ['*.tenant-a.apps.example.com'] } });
    expect(ok.spec.ingressHosts).toEqual(['*.tenant-a.apps.example.com']);
    const error = problem(TenantCreateSchema, { name: 'tenant-a', spec: { quota: { maxVClusters: 1 }, ingressHosts: ['*.{tenant}.example.com'] } });
    expect(error.field).toBe('spec.ingressHosts.0');
  });
});
