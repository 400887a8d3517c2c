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
import { downloadKubeconfig, type KubeconfigDownload } from '@/lib/vcluster/kubeconfig-download';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { virtualNodes } from '@/lib/vcluster/virtual-nodes';
import { storedState } from '@/lib/vcluster/host-metadata';
import { withAudit } from '@/lib/tenancy/audit';
import { assertTemplateAllowed, assertTenantAccess, tenantsOf } from '@/lib/tenancy/authorization';
import { findTenant } from '@/lib/tenancy/tenant-store';
import { findTemplate } from '@/lib/tenancy/template-store';
import type { Tenant, Template } from '@/lib/tenancy/model';
import { ApiError } from './api-error';
import { visibleNamespace } from './vcluster-views';
import { ChangeOptionsBody, CreateVClusterBody, KubeconfigQuery, kubeconfigAccess } from './vcluster-actions-schemas';
import { gatewayBaseUrl, gatewayKubeconfig, gatewayServer, gatewaySettings } from '@/lib/gateway/gateway-kubeconfig';
import { createKubeconfigToken, DEFAULT_KUBECONFIG_TOKEN_SECONDS, findApiToken, MIN_KUBECONFIG_TOKEN_SECONDS, revokeVClusterCredentials } from '@/lib/tenancy/api-tokens';
import { authorizeSecretRead } from '@/lib/vcluster/tenant-authorization';
import { kubeconfigSecretName } from '@/lib/vcluster/vcluster-access';
import { kubeconfigContextName } from '@/lib/vcluster/kubeconfig-export';
import { kubeconfigDownloadSettings } from '@/lib/vcluster/kubeconfig-download';
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
export function actorOf(caller: Caller, admin: boolean): Actor {
  return admin ? 'service-account' : { user: caller.user, groups: caller.groups };
}

const auditActor = (caller: Caller) => ({ user: caller.user, groups: caller.groups });

/**
 * The caller's attempt is recorded whatever happens; a vCluster they may not see counts as denied.
 * Timed as an operation (cubby_vcluster_operation_duration_seconds) by its audit action.
 */
export function audited<T>(host: KubeClient, caller: Caller, action: string, tenant: string, vcluster: string, run: () => Promise<T>, message?: string): Promise<T> {
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
  return audited(host, caller, 'vcluster.delete', tenant, name, async () => {
    visibleNamespace(cache, caller, admin, tenant, name);
    // The namespace goes away in the background; the list shows it as terminating until then.
    const deleted = await deleteVCluster({ client: host }, { tenant, name, actor: actorOf(caller, admin), wait: false });
    await revokeVClusterCredentials(host, { tenant, vcluster: name });
    return deleted;
  });
}

/**
 * The kubeconfig: through Cubby's gateway with a kubeconfig credential (the default), or for the
 * vCluster's own server with its certificate or a token it issued. `origin` is Cubby's address
 * as this request reached it, used when no gateway URL is configured.
 */
export async function kubeconfigForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, query: URLSearchParams, origin: string) {
  const parsed = KubeconfigQuery.parse(Object.fromEntries(query));
  if (kubeconfigAccess(parsed) === 'gateway') {
    const expiresInSeconds = parsed.expirationSeconds ?? DEFAULT_KUBECONFIG_TOKEN_SECONDS;
    return audited(host, caller, 'kubeconfig.download', tenant, name, () => gatewayDownload(cache, host, caller, admin, tenant, name, origin, expiresInSeconds), `through the gateway, kubeconfig credential for ${expiresInSeconds} s`);
  }
  const token = parsed.token === 'true' ? { expirationSeconds: parsed.expirationSeconds ?? 3600 } : undefined;
  return audited(host, caller, 'kubeconfig.download', tenant, name, () => {
    visibleNamespace(cache, caller, admin, tenant, name);
    return downloadKubeconfig({ client: host }, { tenant, name, actor: actorOf(caller, admin), token });
  }, token ? `token for ${token.expirationSeconds} s` : 'client certificate');
}

/** The same rights as downloading the vCluster's admin kubeconfig: Cubby's check, then the host's. */
async function authorizeKubeconfig(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string) {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  const ref = { tenant, name, namespace: ns.metadata.name };
  await authorizeSecretRead(host, actorOf(caller, admin), ref, kubeconfigSecretName(name));
  return ref;
}

async function gatewayDownload(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, origin: string, expiresInSeconds: number) {
  const ref = await authorizeKubeconfig(cache, host, caller, admin, tenant, name);
  const connection = gatewayConnection(ref, origin);
  const credential = await createKubeconfigToken(host, { user: caller.user, provider: caller.provider }, { tenant, vcluster: name }, { expiresInSeconds: await cappedLifetime(host, caller, expiresInSeconds) });
  const kubeconfig = gatewayKubeconfig({ server: connection.server, token: credential.token, contextName: connection.contextName, caData: gatewaySettings().caData });
  return { ...connection, kubeconfig, tokenExpiresAt: credential.expiresAt, tokenId: credential.id };
}

/** A credential minted with an API token must not outlive that token (like tokens, which cannot mint tokens). */
async function cappedLifetime(host: KubeClient, caller: Caller, seconds: number): Promise<number> {
  if (caller.method !== 'token' || !caller.tokenId) return seconds;
  const token = await findApiToken(host, caller.tokenId);
  const left = token ? Math.floor((new Date(token.expiresAt).getTime() - Date.now()) / 1000) : 0;
  if (left < MIN_KUBECONFIG_TOKEN_SECONDS) {
    throw new ApiError(409, 'conflict', 'The API token used expires in less than 10 minutes: make a new one to download a kubeconfig.');
  }
  return Math.min(seconds, left);
}

/** Where a kubeconfig points, without its credential; `access` says gateway or the vCluster's own server. */
export type KubeconfigConnection = Omit<KubeconfigDownload, 'kubeconfig' | 'strategy'> & { access: 'gateway' | 'direct'; strategy: KubeconfigDownload['strategy'] | 'gateway' };

function gatewayConnection(ref: VClusterRef, origin: string): KubeconfigConnection {
  const base = gatewayBaseUrl() ?? origin;
  return {
    ref,
    access: 'gateway',
    server: gatewayServer(base, ref.tenant, ref.name),
    strategy: 'gateway',
    portForwardRequired: false,
    contextName: kubeconfigContextName(ref.name, ref.namespace, kubeconfigDownloadSettings().hostContext),
    notes: [
      'Requests go through Cubby, which checks on every request that you still belong to the tenant, then acts as you inside the vCluster.',
      'The credential opens this vCluster only and can be revoked on the API tokens page.',
    ],
  };
}

/** Where the gateway's kubeconfig points: no secret, so Cubby's own check suffices, no review by the host. */
export function gatewayConnectionForCaller(cache: HostCache, caller: Caller, admin: boolean, tenant: string, name: string, origin = ''): KubeconfigConnection {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  return gatewayConnection({ tenant, name, namespace: ns.metadata.name }, origin);
}

/** How the vCluster is reached, without the credentials: nothing is downloaded, so nothing is audited. */
export async function connectionForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, access: 'gateway' | 'direct' = 'gateway', origin = ''): Promise<KubeconfigConnection> {
  if (access === 'gateway') return gatewayConnectionForCaller(cache, caller, admin, tenant, name, origin);
  visibleNamespace(cache, caller, admin, tenant, name);
  const { kubeconfig: _credentials, ...connection } = await downloadKubeconfig({ client: host }, { tenant, name, actor: actorOf(caller, admin) });
  return { ...connection, access: 'direct' };
}

export async function nodesForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string) {
  visibleNamespace(cache, caller, admin, tenant, name);
  return virtualNodes({ client: host }, { tenant, name, actor: actorOf(caller, admin) });
}

