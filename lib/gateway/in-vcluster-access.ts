import 'server-only';
// What tenant members may do inside their vCluster is the vCluster's own RBAC's to decide. The
// first time the gateway lets anyone into a vCluster, Cubby binds cluster-admin there to the
// groups it impersonates (`cubby:tenant:TENANT` for members, `cubby:admins` for Cubby admins),
// which keeps today's promise that members are admins inside, and notes on the host namespace
// that it did. It never does it again: whoever is cluster-admin inside may delete those bindings
// and grant members less (a `view` binding for the group, cluster-admin for named users), and the
// gateway leaves that alone.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { ADMINS_GROUP, tenantGroup } from './gateway-access';

export const ANNOTATION_INSIDE_ACCESS = 'cubby.dev/gateway-access';
export const MEMBERS_BINDING = 'cubby-tenant-members';
export const ADMINS_BINDING = 'cubby-admins';

const bound = new Set<string>();

function binding(name: string, group: string): KubernetesObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'cubby' }, annotations: { 'cubby.dev/note': 'made once by Cubby; edit or delete it to change what Cubby users may do here' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  } as KubernetesObject;
}

async function createUnlessPresent(vcluster: KubeClient, object: KubernetesObject): Promise<void> {
  try {
    await vcluster.create(ResourceTypes.ClusterRoleBinding, object);
  } catch (error) {
    if (!(error instanceof KubeError && error.status === 409)) throw error;
  }
}

/** Binds the default access inside the vCluster unless its namespace says it was done before. */
export async function ensureInsideAccess(host: KubeClient, vcluster: KubeClient, ref: VClusterRef, namespace: { metadata?: { uid?: string; annotations?: Record<string, string> } } | undefined): Promise<void> {
  const key = `${ref.namespace}/${ref.name}/${namespace?.metadata?.uid ?? ''}`;
  if (bound.has(key) || namespace?.metadata?.annotations?.[ANNOTATION_INSIDE_ACCESS]) return;
  await createUnlessPresent(vcluster, binding(MEMBERS_BINDING, tenantGroup(ref.tenant)));
  await createUnlessPresent(vcluster, binding(ADMINS_BINDING, ADMINS_GROUP));
  await host.patch(ResourceTypes.Namespace, ref.namespace, undefined, { metadata: { annotations: { [ANNOTATION_INSIDE_ACCESS]: new Date().toISOString() } } });
  bound.add(key);
}
