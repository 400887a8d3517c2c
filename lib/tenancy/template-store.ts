import 'server-only';
// vCluster templates as VClusterTemplate custom resources: admin-defined base values plus the
// options tenants may set. Same concurrency rule as tenants: changes name the version they were
// made from.
import type { KubeClient } from '@/lib/kube/client';
import { CubbyResourceTypes } from './crds';
import { deleteCubbyObject, templateFromObject, tenantFromObject, type TemplateObject, type TenantObject } from './cubby-objects';
import { TenancyError, fromKubeError, notFound } from './errors';
import { CUBBY_API_VERSION, LABEL_MANAGED_BY, MANAGED_BY_CUBBY, type Template } from './model';
import { parseInput } from './parse-input';
import { TemplateCreateSchema, TemplateUpdateSchema } from './template-input';

const type = CubbyResourceTypes.VClusterTemplate;

export async function listTemplates(client: KubeClient): Promise<Template[]> {
  try {
    const list = await client.list<TemplateObject>(type);
    return list.items.map(templateFromObject).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    throw fromKubeError(error, 'Templates');
  }
}

export async function findTemplate(client: KubeClient, name: string): Promise<Template | undefined> {
  try {
    const object = await client.find<TemplateObject>(type, name);
    return object && templateFromObject(object);
  } catch (error) {
    throw fromKubeError(error, `Template '${name}'`);
  }
}

export async function getTemplate(client: KubeClient, name: string): Promise<Template> {
  const template = await findTemplate(client, name);
  if (!template) throw notFound(`Template '${name}' does not exist.`);
  return template;
}

export async function createTemplate(client: KubeClient, input: unknown): Promise<Template> {
  const { name, spec } = parseInput(TemplateCreateSchema, input, 'Template');
  try {
    const created = await client.create<TemplateObject>(type, {
      apiVersion: CUBBY_API_VERSION,
      kind: type.kind,
      metadata: { name, labels: { [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY } },
      spec,
    } as TemplateObject);
    return templateFromObject(created);
  } catch (error) {
    throw fromKubeError(error, `Template '${name}'`);
  }
}

/**
 * Replaces the template's spec if it is still at `resourceVersion`. Existing vClusters keep the
 * values they were rendered with until they are next changed; that is provisioning's concern.
 */
export async function updateTemplate(client: KubeClient, name: string, input: unknown): Promise<Template> {
  const { spec, resourceVersion } = parseInput(TemplateUpdateSchema, input, 'Template');
  const current = await client.find<TemplateObject>(type, name).catch((error: unknown) => {
    throw fromKubeError(error, `Template '${name}'`);
  });
  if (!current) throw notFound(`Template '${name}' does not exist.`);
  try {
    const replaced = await client.replace<TemplateObject>(type, {
      apiVersion: CUBBY_API_VERSION,
      kind: type.kind,
      metadata: { name, resourceVersion, labels: current.metadata?.labels, annotations: current.metadata?.annotations },
      spec,
    } as TemplateObject);
    return templateFromObject(replaced);
  } catch (error) {
    throw fromKubeError(error, `Template '${name}'`);
  }
}

/** Tenants whose list names the template. */
export async function tenantsUsingTemplate(client: KubeClient, name: string): Promise<string[]> {
  const list = await client.list<TenantObject>(CubbyResourceTypes.Tenant);
  return list.items
    .map(tenantFromObject)
    .filter((tenant) => tenant.spec.templates.includes(name))
    .map((tenant) => tenant.name)
    .sort();
}

/**
 * Deletes a template no tenant lists any more (409 `in_use` names the tenants otherwise), so a
 * tenant never points at a template that is gone.
 */
export async function deleteTemplate(client: KubeClient, name: string, options: { resourceVersion?: string } = {}): Promise<void> {
  await getTemplate(client, name);
  const users = await tenantsUsingTemplate(client, name).catch((error: unknown) => {
    throw fromKubeError(error, 'Tenants');
  });
  if (users.length > 0) {
    throw new TenancyError(409, 'in_use', `Template '${name}' is still offered to tenant${users.length === 1 ? '' : 's'} ${users.map((u) => `'${u}'`).join(', ')}; remove it there first.`);
  }
  await deleteCubbyObject(client, type, name, `Template '${name}'`, { resourceVersion: options.resourceVersion });
}
