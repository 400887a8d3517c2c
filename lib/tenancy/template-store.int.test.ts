import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { ensureCubbyCrds } from './crds';
import { TenancyError } from './errors';
import { createTemplate, deleteTemplate, findTemplate, getTemplate, listTemplates, updateTemplate } from './template-store';
import { createTenant, deleteTenant, getTenant, updateTenant } from './tenant-store';

const failure = (promise: Promise<unknown>): Promise<TenancyError> =>
  promise.then(
    () => {
      throw new Error('expected a TenancyError, but the call succeeded');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(TenancyError);
      return error as TenancyError;
    },
  );

describe('template store against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const systemNamespace = uniqueName('cubby-sys');
  const templates: string[] = [];
  const tenant = uniqueName('tn');
  const name = () => {
    const n = uniqueName('tpl');
    templates.push(n);
    return n;
  };
  const baseValues = { sync: { toHost: { ingresses: { enabled: false } } }, controlPlane: { statefulSet: { resources: { requests: { cpu: '100m' } } } } };

  beforeAll(async () => {
    await ensureCubbyCrds(admin, { namespace: systemNamespace });
  });

  afterAll(async () => {
    await deleteTenant(admin, tenant).catch(() => undefined);
    for (const t of templates) await deleteTemplate(admin, t).catch(() => undefined);
    await admin.delete(ResourceTypes.Namespace, systemNamespace);
    admin.close();
  });

  it('creates, reads and lists a template with its values unchanged', async () => {
    const n = name();
    const created = await createTemplate(admin, { name: n, spec: { displayName: 'Small', baseValues, allowedOptions: ['ingressSync', 'nodeSync.enabled', 'ingressSync'] } });
    expect(created.spec).toEqual({ displayName: 'Small', baseValues, allowedOptions: ['ingressSync', 'nodeSync.enabled'] });
    expect(await getTemplate(admin, n)).toEqual(created);
    expect((await listTemplates(admin)).map((t) => t.name)).toContain(n);
  });

  it.each([
    ['values that are not an object', { name: 'bad-values', spec: { baseValues: [1, 2] } }, 'spec.baseValues', 'object of chart values'],
    ['a prototype-polluting key', { name: 'bad-proto', spec: { baseValues: JSON.parse('{"a":{"__proto__":{"x":1}}}') } }, 'spec.baseValues', '__proto__'],
    ['an unknown option', { name: 'bad-option', spec: { baseValues: {}, allowedOptions: ['sync.toHost.pods'] } }, 'spec.allowedOptions.0', 'Invalid option'],
    ['an invalid name', { name: 'Big_Template', spec: { baseValues: {} } }, 'name', 'lowercase'],
  ])('refuses %s with a 400 and creates nothing', async (_, input, field, message) => {
    const error = await failure(createTemplate(admin, input));
    expect([error.status, error.code, error.field]).toEqual([400, 'invalid_input', field]);
    expect(error.message).toContain(message);
    expect(await findTemplate(admin, input.name)).toBeUndefined();
  });

  it('refuses a stale update with 409', async () => {
    const n = name();
    const created = await createTemplate(admin, { name: n, spec: { baseValues } });
    const updated = await updateTemplate(admin, n, { spec: { baseValues: {}, allowedOptions: ['ingressSync'] }, resourceVersion: created.resourceVersion });
    expect(updated.spec.allowedOptions).toEqual(['ingressSync']);
    const stale = await failure(updateTemplate(admin, n, { spec: { baseValues }, resourceVersion: created.resourceVersion }));
    expect([stale.status, stale.code]).toEqual([409, 'conflict']);
    expect((await getTemplate(admin, n)).spec.baseValues).toEqual({});
  });

  it('refuses to delete a template a tenant still offers', async () => {
    const n = name();
    await createTemplate(admin, { name: n, spec: { baseValues } });
    await createTenant(admin, { name: tenant, spec: { quota: { maxVClusters: 1 }, templates: [n] } });
    const inUse = await failure(deleteTemplate(admin, n));
    expect([inUse.status, inUse.code]).toEqual([409, 'in_use']);
    expect(inUse.message).toContain(tenant);
    const current = await getTenant(admin, tenant);
    await updateTenant(admin, tenant, { spec: { ...current.spec, templates: [] }, resourceVersion: current.resourceVersion });
    await deleteTemplate(admin, n);
    expect(await findTemplate(admin, n)).toBeUndefined();
  });
});
