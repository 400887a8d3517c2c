import 'server-only';
// Cubby's own rights in a vCluster's host namespace. Cubby's installation (deploy/chart) grants it
// cluster-wide only what is no secret (reads of workloads, pods, events; namespaces; the RBAC a
// node-syncing vCluster needs), and ships one ClusterRole with what a vCluster namespace needs:
// the chart's objects, helm's release Secrets, the Secrets the vCluster writes, the tenant's Role.
// Cubby binds that ClusterRole to itself, by a RoleBinding `cubby` in each namespace it creates or
// adopts, before it writes anything else there; it may `bind` that one ClusterRole and no other.
// So Cubby reads Secrets in the namespaces of the vClusters it manages and nowhere else, and a
// Secret in kube-system stays out of its reach (deploy/chart/templates/rbac.yaml says the rest).
//
// A new RoleBinding reaches the API server's authorizer a moment after it is written; the next
// writes wait for it, asking the API server (SelfSubjectAccessReview) rather than guessing.
import type { V1RoleBinding } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { selfIdentity, subjectFor } from '@/lib/kube/self-identity';
import { LABEL_TENANT } from '@/lib/tenancy/model';

/** The RoleBinding Cubby keeps for itself in each vCluster namespace. */
export const CUBBY_NAMESPACE_BINDING = 'cubby';
/** The ClusterRole it binds there, unless CUBBY_NAMESPACE_CLUSTERROLE names the chart's own. */
export const DEFAULT_NAMESPACE_CLUSTERROLE = 'cubby-vcluster-namespace';

const SETTLE_TIMEOUT_MS = 10_000;
const SETTLE_POLL_MS = 100;

export function namespaceClusterRole(env: Record<string, string | undefined> = process.env): string {
  return env.CUBBY_NAMESPACE_CLUSTERROLE?.trim() || DEFAULT_NAMESPACE_CLUSTERROLE;
}

export async function cubbyNamespaceBinding(client: KubeClient, namespace: string, labels: Record<string, string>): Promise<V1RoleBinding> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: CUBBY_NAMESPACE_BINDING, namespace, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: namespaceClusterRole() },
    subjects: [subjectFor(await selfIdentity(client))],
  };
}

interface SelfAccessReview {
  status?: { allowed?: boolean };
}

/** Whether Cubby may read Secrets in the namespace: what its RoleBinding there gives, and nothing cluster-wide does. */
async function mayReadSecrets(client: KubeClient, namespace: string): Promise<boolean> {
  const review = await client.request<SelfAccessReview>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace, verb: 'list', resource: 'secrets' } },
    },
    ref: { kind: 'SelfSubjectAccessReview' },
  });
  return review.status?.allowed === true;
}

/**
 * Binds Cubby in the namespace (server-side apply: idempotent) and waits until the API server
 * honours it. Throws a 503-like error when it never does, naming the ClusterRole to check.
 */
export async function grantCubbyNamespaceAccess(client: KubeClient, namespace: string, labels: Record<string, string>): Promise<void> {
  const binding = await cubbyNamespaceBinding(client, namespace, labels);
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  // The admission policy that keeps Cubby's RoleBindings to namespaces with a tenant label reads
  // namespaces from a cache of its own: a label set a moment ago may not be there yet.
  for (;;) {
    try {
      await client.apply(binding);
      break;
    } catch (error) {
      const justLabelled = error instanceof KubeError && error.status === 403 && labels[LABEL_TENANT] !== undefined && Date.now() < deadline;
      if (!justLabelled) throw error;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }
  while (!(await mayReadSecrets(client, namespace))) {
    if (Date.now() > deadline) {
      throw new KubeError(
        503,
        'NamespaceAccessPending',
        `Cubby's RoleBinding in namespace ${namespace} does not give it access: is ClusterRole ${namespaceClusterRole()} installed (deploy/chart)?`,
        { kind: 'RoleBinding', namespace, name: CUBBY_NAMESPACE_BINDING },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
}
