import 'server-only';
// Sleep mode through the API: the vCluster's sleep view, its settings and keep-awake (tenancy
// checks, the lifecycle call that asks the host's RBAC again, an audit record), and the admin
// overview's 7-day figures per tenant. Reads come from the host cache.
import type { Caller } from '@/lib/auth/request-identity';
import type { KubeClient } from '@/lib/kube/client';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { storedState } from '@/lib/vcluster/host-metadata';
import { buildSleepView, tenantSleepFigures, type TenantSleepFigures, type VClusterSleepView } from '@/lib/vcluster/sleep/sleep-view';
import { setKeepAwake, setSleepSettings } from '@/lib/vcluster/sleep/sleep-settings-store';
import { actorOf, audited } from './vcluster-actions';
import { visibleNamespace } from './vcluster-views';
import { KeepAwakeBody } from './vcluster-actions-schemas';

/** The template a vCluster was made from, as the cache holds it (its sleep policy decides). */
function templateOf(cache: HostCache, ns: Parameters<typeof storedState>[0]) {
  const name = storedState(ns).template;
  return name ? cache.template(name) : undefined;
}

export function sleepViewForCaller(cache: HostCache, caller: Caller, admin: boolean, tenant: string, name: string, now = new Date()): VClusterSleepView {
  const ns = visibleNamespace(cache, caller, admin, tenant, name);
  const template = templateOf(cache, ns);
  return buildSleepView({ namespace: ns, workload: cache.workload(ns.metadata.name, name), ...(template ? { template } : {}), now });
}

export async function changeSleepSettingsForCaller(cache: HostCache, host: KubeClient, caller: Caller, admin: boolean, tenant: string, name: string, body: unknown) {
  return audited(host, caller, 'vcluster.sleep-settings', tenant, name, async () => {
    const template = templateOf(cache, visibleNamespace(cache, caller, admin, tenant, name));
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

const overviewMemo = new WeakMap<HostCache, { key: string; figures: TenantSleepFigures[] }>();

/**
 * Per tenant: hours asleep and requests freed over the last 7 days (admins). Walks every vCluster
 * namespace's history, so the answer is kept until a namespace or tenant changes, and at most a
 * minute (a sleep under way grows with the clock).
 */
export function sleepOverview(cache: HostCache, now = new Date()): TenantSleepFigures[] {
  const key = `${cache.generation('namespaces')}/${cache.generation('tenants')}/${Math.floor(now.getTime() / 60_000)}`;
  const kept = overviewMemo.get(cache);
  if (kept?.key === key) return kept.figures;
  const figures = cache.tenants().map((t) => tenantSleepFigures(t.name, cache.tenantNamespaces(t.name), now));
  overviewMemo.set(cache, { key, figures });
  return figures;
}
