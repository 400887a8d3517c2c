import 'server-only';
// The API server lets Cubby create a ClusterRole only with rules Cubby holds itself (RBAC's
// escalation check); Cubby's installation holds no `escalate`. So a template whose chart values
// render a ClusterRole beyond that (syncing volumes, storage or priority classes, proxying
// kubelets, writing nodes, `rbac.clusterRole.extraRules`) would fail half-way inside helm with a
// message naming rules. This asks first, per verb and resource, with SelfSubjectAccessReviews,
// and refuses before anything is written, saying what the installation would have to grant.
import type { KubernetesObject, V1PolicyRule } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { VClusterError } from './lifecycle-error';

interface SelfAccessReview {
  status?: { allowed?: boolean };
}

/** `verb group/resource` for every verb and resource of the rules (no names, no URLs). */
function requestedGrants(rules: readonly V1PolicyRule[]): Array<{ verb: string; group: string; resource: string; subresource?: string }> {
  const grants = [];
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? ['']) {
      for (const full of rule.resources ?? []) {
        const [resource, subresource] = full.split('/', 2) as [string, string | undefined];
        for (const verb of rule.verbs) grants.push({ verb, group, resource, ...(subresource ? { subresource } : {}) });
      }
    }
  }
  return grants;
}

/** 403 naming what Cubby lacks when a rendered ClusterRole asks for more than Cubby holds. */
export async function assertClusterRulesGrantable(client: KubeClient, objects: readonly KubernetesObject[]): Promise<void> {
  const rules = objects.filter((o) => o.kind === 'ClusterRole').flatMap((o) => (o as { rules?: V1PolicyRule[] }).rules ?? []);
  if (rules.length === 0) return;
  const grants = requestedGrants(rules);
  const answers = await Promise.all(
    grants.map(async (attributes) => {
      const review = await client.request<SelfAccessReview>({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
        ref: { kind: 'SelfSubjectAccessReview' },
      });
      return review.status?.allowed === true;
    }),
  );
  const missing = grants.filter((_, i) => !answers[i]).map((g) => `${g.verb} ${g.group ? `${g.group}/` : ''}${g.resource}${g.subresource ? `/${g.subresource}` : ''}`);
  if (missing.length === 0) return;
  const unique = [...new Set(missing)];
  throw new VClusterError(
    403,
    'forbidden',
    `These chart values need cluster-wide rights that Cubby's installation does not hold, so it cannot hand them to the vCluster: ${unique.join(', ')}. ` +
      'An admin can change the template, or grant them to Cubby (its chart value rbac.allowTemplateClusterRules).',
    { missing: unique },
  );
}
