// The parts of one tenant's page: quota with what is used, members, templates (with their Pod
// Security level), the ingress host patterns, and its vClusters.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { VClusterView } from '@/lib/api/vcluster-views';
import type { NamespaceUsage, TenantUsage } from '@/lib/client/admin-usage';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { EmptyState } from './empty-state';
import { absoluteTime, formatBytes, formatCores, relativeTime } from './format';
import { StateBadge } from './state-badge';
import { cardClass, linkClass, tableClass, tdClass, tdWrapClass, thClass } from './styles';
import { UsageCell } from './usage-cell';
import { podSecurityChoice } from './pod-security-options';
import { TENANT_NO_INGRESS_HOSTS } from './ingress-hosts-text';

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className={`${cardClass} p-4`} aria-label={title} data-testid={testId}>
      <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h2>
      {children}
    </section>
  );
}

function Pair({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="text-right text-sm font-medium tabular-nums">{children}</dd>
    </div>
  );
}

export function QuotaCard({ tenant, vclusterCount, usage }: { tenant: Tenant; vclusterCount: number; usage?: TenantUsage }) {
  const q = tenant.spec.quota;
  return (
    <Card title="Quota" testId="quota-card">
      <dl className="divide-y divide-slate-100 dark:divide-slate-800">
        <Pair term="vClusters">
          {vclusterCount} of {q.maxVClusters}
        </Pair>
        <Pair term="CPU per vCluster">{q.cpu ?? 'no limit'}</Pair>
        <Pair term="Memory per vCluster">{q.memory ?? 'no limit'}</Pair>
        <Pair term="Pods per vCluster">{q.pods ?? 'no limit'}</Pair>
      </dl>
      {vclusterCount > 0 && (
        <div className="mt-4 grid gap-3 sm:grid-cols-2">
          <div>
            <div className="mb-1 text-xs text-slate-500 dark:text-slate-400">CPU requested, all vClusters</div>
            <UsageCell figure={usage?.cpu} format={formatCores} limited={q.cpu !== undefined} />
          </div>
          <div>
            <div className="mb-1 text-xs text-slate-500 dark:text-slate-400">Memory requested, all vClusters</div>
            <UsageCell figure={usage?.memory} format={formatBytes} limited={q.memory !== undefined} />
          </div>
        </div>
      )}
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">Each vCluster&apos;s namespace gets these limits, plus the share its control plane needs.</p>
    </Card>
  );
}

export function Chips({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{empty}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {items.map((item) => (
        <li key={item} className="rounded-full bg-slate-100 px-2.5 py-0.5 font-mono text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
          {item}
        </li>
      ))}
    </ul>
  );
}

export function MembersCard({ tenant }: { tenant: Tenant }) {
  return (
    <Card title="Members" testId="members-card">
      <h3 className="mb-1.5 text-sm font-medium">Users</h3>
      <Chips items={tenant.spec.members.users} empty="No users by name." />
      <h3 className="mb-1.5 mt-4 text-sm font-medium">Groups</h3>
      <Chips items={tenant.spec.members.groups} empty="No groups." />
    </Card>
  );
}

export function TemplatesCard({ tenant, templates }: { tenant: Tenant; templates?: Template[] }) {
  return (
    <Card title="Templates" testId="templates-card">
      {tenant.spec.templates.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">None: its members cannot create vClusters until you allow a template.</p>
      ) : (
        <ul className="space-y-1.5">
          {tenant.spec.templates.map((name) => {
            const template = templates?.find((t) => t.name === name);
            return (
              <li key={name} className="text-sm">
                <Link href={`/admin/templates/${encodeURIComponent(name)}`} className={linkClass}>
                  {template?.spec.displayName ?? name}
                </Link>
                {template?.spec.displayName && <span className="ml-1.5 font-mono text-xs text-slate-500 dark:text-slate-400">{name}</span>}
                {templates && !template && <span className="ml-1.5 text-xs text-rose-600 dark:text-rose-400">missing</span>}
                {template && <PodSecurityNote template={template} />}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function step(view: VClusterView): string {
  if (view.terminating) return 'Deleting';
  const steps: Record<VClusterView['creationStep'], string> = {
    rendering: 'Rendering values',
    applying: 'Applying objects',
    'control-plane-starting': 'Control plane starting',
    'kubeconfig-pending': 'Waiting for kubeconfig',
    ready: view.configPending ? 'Restart pending' : 'Ready',
  };
  return steps[view.creationStep];
}

export function TenantVClustersTable({ views, usage, quota }: { views: VClusterView[]; usage?: NamespaceUsage[]; quota: Tenant['spec']['quota'] }) {
  if (views.length === 0) {
    return (
      <EmptyState title="No vClusters yet">
        Members create vClusters from their dashboard. You can also assign a vCluster found on the host to this tenant from the{' '}
        <Link href="/admin#found" className={linkClass}>
          overview
        </Link>
        .
      </EmptyState>
    );
  }
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
      <table className={tableClass} aria-label="vClusters of this tenant">
        <thead className="bg-slate-50 dark:bg-slate-900/60">
          <tr>
            {['vCluster', 'Status', 'Progress', 'Synced pods', 'CPU requested', 'Memory requested', 'Template', 'Created'].map((h) => (
              <th key={h} scope="col" className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {views.map((view) => {
            const ns = usage?.find((u) => u.namespace === view.namespace);
            return (
              <tr key={view.name} data-testid={`vcluster-row-${view.name}`}>
                <th scope="row" className={`${tdClass} text-left font-medium`}>
                  {view.name}
                  <div className="font-mono text-xs font-normal text-slate-500 dark:text-slate-400">{view.namespace}</div>
                </th>
                <td className={tdClass}>
                  <StateBadge view={view} />
                </td>
                <td className={tdWrapClass}>
                  {step(view)}
                  {view.waitingReason && <div className="max-w-xs text-xs text-amber-700 dark:text-amber-300">{view.waitingReason.summary}</div>}
                </td>
                <td className={`${tdClass} text-right tabular-nums`}>{view.syncedPods}</td>
                <td className={tdClass}>
                  <UsageCell figure={ns?.cpu} format={formatCores} limited={quota.cpu !== undefined} />
                </td>
                <td className={tdClass}>
                  <UsageCell figure={ns?.memory} format={formatBytes} limited={quota.memory !== undefined} />
                </td>
                <td className={tdClass}>{view.template ?? '—'}</td>
                <td className={tdClass} title={absoluteTime(view.createdAt)}>
                  {relativeTime(view.createdAt)}
                  {view.createdBy && <div className="text-xs text-slate-500 dark:text-slate-400">by {view.createdBy}</div>}
                  {view.origin !== 'cubby' && (
                    <div className="text-xs text-slate-500 dark:text-slate-400">
                      {view.origin === 'helm' ? 'Helm release' : 'from manifests'}
                      {view.assignedBy ? `, assigned by ${view.assignedBy}` : ''}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PodSecurityNote({ template }: { template: Template }) {
  const choice = podSecurityChoice(template.spec.podSecurityLevel);
  return (
    <div className={`text-xs ${choice.warning ? 'font-medium text-amber-700 dark:text-amber-300' : 'text-slate-500 dark:text-slate-400'}`} data-testid={`pod-security-${template.name}`}>
      Pod Security: {choice.level}
    </div>
  );
}

export function IngressHostsCard({ tenant, templates }: { tenant: Tenant; templates?: Template[] }) {
  const own = tenant.spec.ingressHosts ?? [];
  const fromTemplates = (templates ?? []).filter((t) => tenant.spec.templates.includes(t.name) && (t.spec.ingressHosts ?? []).length > 0);
  return (
    <Card title="Ingress hosts" testId="ingress-hosts-card">
      <h3 className="mb-1.5 text-sm font-medium">Its own patterns</h3>
      <Chips items={own} empty={TENANT_NO_INGRESS_HOSTS} />
      {fromTemplates.map((template) => (
        <div key={template.name}>
          <h3 className="mb-1.5 mt-4 text-sm font-medium">
            Added by <span className="font-mono text-xs">{template.name}</span>
          </h3>
          <Chips items={template.spec.ingressHosts ?? []} empty="" />
        </div>
      ))}
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">The host refuses any other Ingress host, and Ingresses without a host.</p>
    </Card>
  );
}
