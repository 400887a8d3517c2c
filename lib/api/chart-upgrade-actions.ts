import 'server-only';
// The admin's chart upgrade of a template's vClusters through the API (chart-upgrade.ts does the
// work): start a run (the server that took the request carries it out in the background, every
// step written on the vClusters' namespaces), read its progress from the host cache, and roll one
// vCluster back. Every start, every vCluster's upgrade and every rollback is audited.
import type { Caller } from '@/lib/auth/request-identity';
import type { KubeClient } from '@/lib/kube/client';
import { withAudit } from '@/lib/tenancy/audit';
import { findTemplate } from '@/lib/tenancy/template-store';
import type { HostCache } from '@/lib/vcluster/host-cache';
import { carryOutChartUpgrade, rollbackChartUpgrade, startChartUpgrade, templateChartVersion } from '@/lib/vcluster/chart-upgrade';
import { storedState } from '@/lib/vcluster/host-metadata';
import { ChartVersionUnavailableError, isChartVersion, resolveChart } from '@/lib/vcluster/chart-source';
import { log } from '@/lib/observability/logger';
import { ApiError, notFound } from './api-error';
import { viewIndexOf } from './vcluster-view-index';
import { RollbackChartUpgradeBody, StartChartUpgradeBody } from './chart-upgrade-schemas';
import type { VClusterView } from './vcluster-views';

const auditActor = (caller: Caller) => ({ user: caller.user, groups: caller.groups });

async function templateOf(cache: HostCache, host: KubeClient, name: string) {
  const template = (await findTemplate(host, name)) ?? undefined;
  if (!template) throw notFound(`template ${name} not found`);
  return template;
}

export interface TemplateVClusterRow {
  tenant: string;
  name: string;
  chartVersion?: string;
  upgradeAvailable: boolean;
  chartUpgrade?: VClusterView['chartUpgrade'];
}

/** The template's version and, per vCluster made from it, the version it runs and its upgrade state. */
export async function chartUpgradeStatus(cache: HostCache, host: KubeClient, name: string) {
  const template = cache.template(name) ?? (await templateOf(cache, host, name));
  const chartVersion = templateChartVersion({ client: host }, template);
  const rows: TemplateVClusterRow[] = viewIndexOf(cache)
    .all()
    .filter((v) => v.template === name && v.origin === 'cubby')
    .map((v) => ({
      tenant: v.tenant,
      name: v.name,
      chartVersion: v.chartVersion,
      upgradeAvailable: v.chartVersion !== undefined && v.chartVersion !== chartVersion && !v.terminating,
      ...(v.chartUpgrade ? { chartUpgrade: v.chartUpgrade } : {}),
    }));
  return { template: name, chartVersion, configured: template.spec.chartVersion === undefined, items: rows };
}

export async function startChartUpgradeForCaller(cache: HostCache, host: KubeClient, caller: Caller, name: string, body: unknown) {
  const input = StartChartUpgradeBody.parse(body ?? {});
  const template = await templateOf(cache, host, name);
  const deps = { client: host };
  const to = templateChartVersion(deps, template);
  if (input.chartVersion !== undefined && input.chartVersion !== to) {
    throw new ApiError(409, 'conflict', `template '${name}' now names chart version ${to}, not ${input.chartVersion}; reload the page`);
  }
  const tenants = cache.tenants();
  const run = await withAudit(host, { actor: auditActor(caller), action: 'template.chartUpgrade', message: `${name} to ${to}` }, () =>
    startChartUpgrade(deps, { template, by: caller.user, tenants }),
  );
  if (run.items.length > 0) {
    // Carried out after the response; the progress is on the namespaces, for every server to show.
    void carryOutChartUpgrade(deps, run, tenants, {
      each: (item, upgrade) =>
        withAudit(host, { actor: auditActor(caller), action: 'vcluster.chartUpgrade', tenant: item.tenant, vcluster: item.name, message: `${item.from} to ${run.to} (template ${name})` }, upgrade),
    }).then(
      (result) => log.info({ component: 'chart-upgrade', template: name, to: run.to, ...result }, 'chart upgrade run finished'),
      (error: unknown) => log.error({ component: 'chart-upgrade', template: name, error: String(error) }, 'chart upgrade run stopped'),
    );
  }
  return run;
}

export async function rollbackForCaller(cache: HostCache, host: KubeClient, caller: Caller, templateName: string, body: unknown) {
  const input = RollbackChartUpgradeBody.parse(body);
  const tenant = cache.tenant(input.tenant);
  const ns = cache.vclusterNamespace(input.tenant, input.name);
  if (!tenant || !ns || storedState(ns).template !== templateName) throw notFound(`vCluster ${input.tenant}/${input.name} of template ${templateName} not found`);
  return withAudit(host, { actor: auditActor(caller), action: 'vcluster.chartRollback', tenant: input.tenant, vcluster: input.name, message: `template ${templateName}` }, () =>
    rollbackChartUpgrade({ client: host }, { tenant, name: input.name, template: templateName }),
  );
}

/**
 * A template may only name a chart version some source has (the configured source, the versions
 * directory, a pull of that version): 400 before the template is written otherwise. The form of
 * the version is the template schema's check.
 */
export async function assertTemplateChartVersion(body: unknown): Promise<void> {
  const version = (body as { spec?: { chartVersion?: unknown } } | null)?.spec?.chartVersion;
  if (typeof version !== 'string' || version.trim() === '' || !isChartVersion(version.trim())) return;
  try {
    await resolveChart(undefined, version.trim());
  } catch (error) {
    if (error instanceof ChartVersionUnavailableError) throw new ApiError(400, 'invalid_request', `spec.chartVersion: ${error.message}`, [{ path: 'spec.chartVersion', message: error.message }]);
    throw error;
  }
}
