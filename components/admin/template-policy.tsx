// A template's Pod Security level and ingress host patterns, read-only, on its page above the form:
// what the host enforces on the namespace of every vCluster made from it.
import type { Template } from '@/lib/tenancy/model';
import { TEMPLATE_NO_INGRESS_HOSTS } from './ingress-hosts-text';
import { podSecurityChoice } from './pod-security-options';
import { cardClass } from './styles';
import { Chips } from './tenant-detail';

export function TemplatePolicy({ template }: { template: Template }) {
  const choice = podSecurityChoice(template.spec.podSecurityLevel);
  return (
    <section className={`${cardClass} mb-5 grid max-w-3xl gap-4 p-4 sm:grid-cols-2 sm:p-5`} aria-label="What the host enforces" data-testid="template-policy">
      <div>
        <h2 className="mb-1.5 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Pod Security</h2>
        <p className={`text-sm font-medium ${choice.warning ? 'text-amber-700 dark:text-amber-300' : ''}`} data-testid="template-pod-security">
          {choice.label}
        </p>
        <p className="text-xs text-slate-600 dark:text-slate-400">{choice.description}</p>
      </div>
      <div>
        <h2 className="mb-1.5 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Ingress hosts</h2>
        <div data-testid="template-ingress-hosts">
          <Chips items={template.spec.ingressHosts ?? []} empty={TEMPLATE_NO_INGRESS_HOSTS} />
        </div>
      </div>
    </section>
  );
}
