import 'server-only';
// Tenants as Tenant custom resources. Input is validated here (the CRD schema repeats the rules
// for kubectl users); changes carry the resourceVersion they were made from, and the API server
// refuses a stale one, so two admins editing at once get a 409 instead of a silent overwrite.
import type { KubeClient } from '@/lib/kube/client';
import { CubbyResourceTypes } from './crds';
import { deleteCubbyObject, tenantFromObject, type TenantObject } from './cubby-objects';
import { TenancyError, fromKubeError, invalid, notFound } from './errors';
import { CUBBY_API_VERSION, LABEL_MANAGED_BY, MANAGED_BY_CUBBY, type Tenant } from './model';
import { parseInput } from './parse-input';
import { applyTenantClusterAccess, refreshTenantAccess } from './tenant-access-sync';
import { TenantCreateSchema, TenantUpdateSchema } from './tenant-input';
import { listTenantNamespaces } from './tenant-namespaces';
import { findTemplate } from './template-store';

const type = CubbyResourceTypes.Tenant;

export async function listTenants(client: KubeClient): Promise<Tenant[]> {
  try {
    const list = await client.list<TenantObject>(type);
    return list.items.map(tenantFromObject).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    throw fromKubeError(error, 'Tenants');
  }
}

export async function findTenant(client: KubeClient, name: string): Promise<Tenant | undefined> {
  try {
    const object = await client.find<TenantObject>(type, name);
    return object && tenantFromObject(object);
  } catch (error) {
    throw fromKubeError(error, `Tenant '${name}'`);
  }
}

export async function getTenant(client: KubeClient, name: string): Promise<Tenant> {
  const tenant = await findTenant(client, name);
  if (!tenant) throw notFound(`Tenant '${name}' does not exist.`);
  return tenant;
}

/** A 400 naming the first template that does not exist. */
async function assertTemplatesExist(client: KubeClient, templates: string[]): Promise<void> {
  for (const [index, name] of templates.entries()) {
    if (!(await findTemplate(client, name))) {
      throw invalid(`Template '${name}' does not exist; create it first or remove it from the tenant.`, `spec.templates.${index}`);
    }
  }
}

export async function createTenant(client: KubeClient, input: unknown): Promise<Tenant> {
  const { name, spec } = parseInput(TenantCreateSchema, input, 'Tenant');
  await assertTemplatesExist(client, spec.templates);
  const object: TenantObject = {
    apiVersion: CUBBY_API_VERSION,
    kind: type.kind,
    metadata: { name, labels: { [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY } },
    spec,
  };
  let created: Tenant;
  try {
    created = tenantFromObject(await client.create<TenantObject>(type, object));
  } catch (error) {
    throw fromKubeError(error, `Tenant '${name}'`);
  }
  // Its members' grant to create vClusters, which the API server checks on every creation.
  await applyTenantClusterAccess(client, created);
  return created;
}

/**
 * Replaces the tenant's spec, provided nobody changed it since `resourceVersion`. Then brings
 * the RBAC of its existing vClusters in line with the new member list; if that fails the spec is
 * saved anyway and a 500 `access_sync_failed` says which namespaces are stale (saving again, or
 * `refreshTenantAccess`, retries).
 */
export async function updateTenant(client: KubeClient, name: string, input: unknown): Promise<Tenant> {
  const { spec, resourceVersion } = parseInput(TenantUpdateSchema, input, 'Tenant');
  const current = await client.find<TenantObject>(type, name).catch((error: unknown) => {
    throw fromKubeError(error, `Tenant '${name}'`);
  });
  if (!current) throw notFound(`Tenant '${name}' does not exist.`);
  await assertTemplatesExist(client, spec.templates);
  let saved: Tenant;
  try {
    // PUT with the caller's resourceVersion: the API server compares it atomically. Labels and
    // annotations others put on the object are carried over.
    const replaced = await client.replace<TenantObject>(type, {
      apiVersion: CUBBY_API_VERSION,
      kind: type.kind,
      metadata: { name, resourceVersion, labels: current.metadata?.labels, annotations: current.metadata?.annotations },
      spec,
    } as TenantObject);
    saved = tenantFromObject(replaced);
  } catch (error) {
    throw fromKubeError(error, `Tenant '${name}'`);
  }
  const refresh = await refreshTenantAccess(client, saved);
  if (refresh.failed.length > 0) {
    const which = refresh.failed.map((f) => `${f.namespace} (${f.error})`).join('; ');
    throw new TenancyError(500, 'access_sync_failed', `Tenant '${name}' was saved, but access in these namespaces is not up to date: ${which}.`);
  }
  return saved;
}

/**
 * Deletes a tenant that has no vClusters left. A tenant with vClusters is refused (409
 * `in_use`): deleting it would leave namespaces nobody may see and nobody's quota counts.
 * With `resourceVersion`, only that version is deleted.
 */
export async function deleteTenant(client: KubeClient, name: string, options: { resourceVersion?: string } = {}): Promise<void> {
  await getTenant(client, name);
  const namespaces = await listTenantNamespaces(client, name);
  if (namespaces.length > 0) {
    const names = namespaces.map((ns) => ns.vcluster ?? ns.namespace);
    throw new TenancyError(
      409,
      'in_use',
      `Tenant '${name}' still has ${namespaces.length} vCluster${namespaces.length === 1 ? '' : 's'} (${names.join(', ')}); delete ${namespaces.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  await deleteCubbyObject(client, type, name, `Tenant '${name}'`, { resourceVersion: options.resourceVersion });
}
