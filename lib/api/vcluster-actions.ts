import 'server-only';
// What a caller does to vClusters through the API: tenancy checks, the lifecycle call (which
// asks the host's RBAC about the tenant's user again), and an audit record for every change and every
// kubeconfig download.
import type { Caller } from '@/lib/auth/request-identity';
import type { KubeClient } from '@/lib/kube/client';
import type { HostCache } from '@/lib/vcluster/host-cache';
import type { Actor } from '@/lib/vcluster/tenant-authorization';
import { createVCluster } from '@/lib/vcluster/provision';
import { changeVClusterOptions } from '@/lib/vcluster/change-options';
import { changeFoundVClusterOptions, unionOfAllowedOptions } from '@/lib/vcluster/found-options';
import { pauseVCluster, resumeVCluster } from '@/lib/vcluster/pause-resume';
import { notePausedByHand, noteResumedByHand } from '@/lib/vcluster/sleep/sleep-actions';
import { deleteVCluster } from '@/lib/vcluster/delete';
import { downloadKubeconfig } from '@/lib/vcluster/kubeconfig-download';
import { virtualNodes } from '@/lib/vcluster/virtual-nodes';
import { storedState } from '@/lib/vcluster/host-metadata';
import { withAudit } from '@/lib/tenancy/audit';
import { assertTemplateAllowed, assertTenantAccess, tenantsOf } from '@/lib/tenancy/authorization';
import { findTenant } from '@/lib/tenancy/tenant-store';
import { findTemplate } from '@/lib/tenancy/template-store';
import type { Tenant, Template } from '@/lib/tenancy/model';
import { ApiError } from './api-error';
import { visibleNamespace } from './vcluster-views';
import { ChangeOptionsBody, CreateVClusterBody, KubeconfigQuery } from './vcluster-actions-schemas';
import { timedOperation } from '@/lib/observability/metrics';

async function tenantFor(cache: HostCache, host: KubeClient, caller: Caller, name: string): Promise<Tenant> {
  // The cache can lag a just-created tenant by a moment; the store answers then.
  const tenant = cache.tenant(name) ?? (await findTenant(host, name));
  assertTenantAccess(caller, tenant);
  return tenant;
}

async function templateFor(cache: HostCache, host: KubeClient, name: string): Promise<Template> {
  const template = cache.template(name) ?? (await findTemplate(host, name));
  if (!template) throw new ApiError(400, 'invalid_request', `template '${name}' does not exist`, { field: 'template' });
  return template;
}

/** Admins act with Cubby's identity after their own check; tenants act as themselves. */
function actorOf(caller: Caller, admin: boolean): Actor {
  return admin ? 'service-account' : { user: caller.user, groups: caller.groups };
}

const auditActor = (caller: Caller) => ({ user: caller.user, groups: caller.groups });

/**
 * The caller's attempt is recorded whatever happens; a vCluster they may not see counts as denied.
 * Timed as an operation (cubby_vcluster_operation_duration_seconds) by its audit action.
 */
function audited<T>(host: KubeClient, caller: Caller, action: string, tenant: string, vcluster: string, run: () => Promise<T>, message?: string): Promise<T> {
  return withAudit(host, { actor: auditActor(caller), action, tenant, vcluster, message }, () => timedOperation(action, run), {
    classify: (error) => {
      const status = (error as { status?: unknown })?.status;
      return status === 401 || status === 403 || status === 404 ? 'denied' : 'failed';
    },
  });
}

export async function createForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, body: unknown) {
  const input = CreateVClusterBody.parse(body);
  let tenantName = input.tenant;
  if (!tenantName) {
    const mine = tenantsOf(caller, cache.tenants());
    if (mine.length !== 1) {
      throw new ApiError(400, 'invalid_request', mine.length === 0 ? 'you belong to no tenant; ask an admin to add you to one' : 'you belong to several tenants: say which one in "tenant"', { field: 'tenant' });
    }
    tenantName = mine[0]!.name;
  }
  const name = tenantName;
  return audited(host, caller, 'vcluster.create', name, input.name, async () => {
    const tenant = await tenantFor(cache, host, caller, name);
    assertTemplateAllowed(tenant, input.template);
    const template = await templateFor(cache, host, input.template);
    return createVCluster({ client: host }, { tenant, template, name: input.name, options: input.options, requestedBy: caller.user, actor: actorOf(caller, admin) });
  });
}

export async function changeOptionsForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenantName: string, name: string, body: unknown) {
  const input = ChangeOptionsBody.parse(body);
  return audited(host, caller, 'vcluster.update', tenantName, name, async () => {
    const ns = visibleNamespace(cache, caller, admin, tenantName, name);
    const tenant = await tenantFor(cache, host, caller, tenantName);
    const state = storedState(ns);
    const templateName = state.template;
    if (!templateName && state.imported) {
      // Made by helm or the vcluster CLI and assigned: what any of the tenant's templates allows.
      const allowed = unionOfAllowedOptions(tenant.spec.templates.map((t) => cache.template(t)?.spec.allowedOptions ?? []));
      return changeFoundVClusterOptions({ client: host }, { tenant, name, allowed, options: input.options, expectedVersion: input.expectedVersion, actor: actorOf(caller, admin) });
    }
    if (!templateName) throw new ApiError(409, 'unsupported', 'this vCluster was not made from a template, so its options cannot be changed here');
    const template = await templateFor(cache, host, templateName);
    return changeVClusterOptions({ client: host }, { tenant, name, template, options: input.options, expectedVersion: input.expectedVersion, actor: actorOf(caller, admin) });
  }, JSON.stringify(input.options));
}

export async function pauseForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, pause: boolean) {
  const input = { tenant, name, actor: actorOf(caller, admin) };
  return audited(host, caller, pause ? 'vcluster.pause' : 'vcluster.resume', tenant, name, async () => {
    visibleNamespace(cache, caller, admin, tenant, name);
    const result = pause ? await pauseVCluster({ client: host }, input) : await resumeVCluster({ client: host }, input);
    // Sleep mode's record follows: a pause by hand is never woken by it, a resume ends a sleep.
    if (pause) await notePausedByHand({ client: host }, result.ref, caller.user);
    else await noteResumedByHand({ client: host }, result.ref, caller.user);
    return result;
  });
}

export async function deleteForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string) {
  return audited(host, caller, 'vcluster.delete', tenant, name, () => {
    visibleNamespace(cache, caller, admin, tenant, name);
    // The namespace goes away in the background; the list shows it as terminating until then.
    return deleteVCluster({ client: host }, { tenant, name, actor: actorOf(caller, admin), wait: false });
  });
}

export async function kubeconfigForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, query: URLSearchParams) {
  const parsed = KubeconfigQuery.parse(Object.fromEntries(query));
  const token = parsed.token === 'true' ? { expirationSeconds: parsed.expirationSeconds ?? 3600 } : undefined;
  return audited(host, caller, 'kubeconfig.download', tenant, name, () => {
    visibleNamespace(cache, caller, admin, tenant, name);
    return downloadKubeconfig({ client: host }, { tenant, name, actor: actorOf(caller, admin), token });
  }, token ? `token for ${token.expirationSeconds} s` : 'client certificate');
}

/** How the vCluster is reached, without the credentials: nothing is downloaded, so nothing is audited. */
export async function connectionForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string) {
  visibleNamespace(cache, caller, admin, tenant, name);
  const { kubeconfig: _credentials, ...connection } = await downloadKubeconfig({ client: host }, { tenant, name, actor: actorOf(caller, admin) });
  return connection;
}

export async function nodesForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string) {
  visibleNamespace(cache, caller, admin, tenant, name);
  return virtualNodes({ client: host }, { tenant, name, actor: actorOf(caller, admin) });
}

