import 'server-only';
// Sleep mode through the API: the vCluster's sleep view, its settings and keep-awake (tenancy
// checks, the lifecycle call that asks the host's RBAC again, an audit record), and the admin
// overview's 7-day figures per tenant. Reads come from the host cache.
import type { Caller } from '@/lib/auth/request-identity';
import type { KubeClient } from '@/lib/kube/client';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { storedState } from '@/lib/vcluster/host-metadata';
import type { Actor } from '@/lib/vcluster/tenant-authorization';
import { withAudit } from '@/lib/tenancy/audit';
import { buildSleepView, tenantSleepFigures, type TenantSleepFigures, type VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';
import { setKeepAwake, setSleepSettings } from '@/lib/vcluster/sleep/sleep-settings-store';
import { visibleNamespace } from './vcluster-views';
import { KeepAwakeBody } from './vcluster-actions-schemas';

const actorOf = (caller: Caller, admin: boolean): Actor => (admin ? 'service-account' : { user: caller.user, groups: caller.groups });

function audited<T>(host: KubeClient, caller: Caller, action: string, tenant: string, vcluster: string, run: () => Promise<T>, message?: string): Promise<T> {
  return withAudit(host, { actor: { user: caller.user, groups: caller.groups }, action, tenant, vcluster, message }, run, {
    classify: (error) => {
      const status = (error as { status?: unknown })?.status;
      return status === 401 || status === 403 || status === 404 ? 'denied' : 'failed';
    },
  });
}

export function sleepViewForCaller(cache: HostCache, caller: Caller, admin: boolean, tenant: string, name: string, now = new Date()): VClusterSleepView {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  const templateName = storedState(ns).template;
  const template = templateName ? cache.template(templateName) : undefined;
  return buildSleepView({ namespace: ns, workload: cache.workload(ns.metadata.name, name), ...(template ? { template } : {}), now });
}

export async function changeSleepSettingsForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, body: unknown) {
  return audited(host, caller, 'vcluster.sleep-settings', tenant, name, async () => {
    const ns = visibleNamespace(cache, caller, admin, tenant, name);
    const templateName = storedState(ns).template;
    const template = templateName ? cache.template(templateName) : undefined;
    const { settings } = await setSleepSettings({ client: host }, { tenant, name, actor: actorOf(caller, admin), template, settings: body });
    return { settings };
  }, JSON.stringify(body ?? null).slice(0, 1000));
}

export async function keepAwakeForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, body: unknown) {
  const input = KeepAwakeBody.parse(body);
  return audited(host, caller, 'vcluster.keep-awake', tenant, name, async () => {
    visibleNamespace(cache, caller, admin, tenant, name);
    const result = await setKeepAwake({ client: host }, { tenant, name, actor: actorOf(caller, admin), hours: input.hours, by: caller.user });
    return { keepAwakeUntil: result.until ?? null };
  }, input.hours === 0 ? 'keep-awake ended' : `keep awake for ${input.hours} h`);
}

/** Per tenant: hours asleep and requests freed over the last 7 days (admins). */
export function sleepOverview(cache: HostCache, now = new Date()): TenantSleepFigures[] {
  return cache.tenants().map((t) => tenantSleepFigures(t.name, cache.tenantNamespaces(t.name), now));
}
