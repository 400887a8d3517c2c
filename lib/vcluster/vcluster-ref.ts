import 'server-only';
// Which host namespace holds a tenant's vCluster. Cubby names the ones it creates
// `vc-<tenant>--<name>`, but an assigned (imported) vCluster keeps the namespace helm or the
// vcluster CLI gave it, so the labels are the truth and the name is only the fast path.
import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { type NamespaceMetaLike, cubbySelector, isCubbyNamespaceOf } from './host-metadata';
import { vClusterNotFound } from './lifecycle-error';
import { HOST_NAMESPACE_PREFIX, HOST_NAMESPACE_SEPARATOR, tenantNameProblem, validateVClusterName } from './vcluster-name';

export interface VClusterRef {
  tenant: string;
  name: string;
  /** The host namespace. */
  namespace: string;
}

/** Pure: the namespace of a tenant's vCluster among namespaces a cache holds. */
export function findVClusterNamespace<T extends NamespaceMetaLike>(namespaces: readonly T[], tenant: string, name: string): T | undefined {
  return namespaces.find((ns) => isCubbyNamespaceOf(ns, tenant, name));
}

/** The namespace Cubby would create for this tenant and name, or undefined if none fits. */
function conventionalNamespace(tenant: string, name: string): string | undefined {
  if (tenantNameProblem(tenant) || !validateVClusterName(name, { tenant }).ok) return undefined;
  return `${HOST_NAMESPACE_PREFIX}${tenant}${HOST_NAMESPACE_SEPARATOR}${name}`;
}

export interface ResolvedVCluster {
  ref: VClusterRef;
  namespace: V1Namespace;
}

/**
 * Looks the vCluster up with Cubby's own client; a missing one is a 404 that reads the same as
 * "not yours" (see lifecycle-error.ts). Callers authorise the tenant separately (tenant-authorization.ts).
 */
export async function resolveVCluster(client: KubeClient, tenant: string, name: string): Promise<ResolvedVCluster> {
  const conventional = conventionalNamespace(tenant, name);
  if (conventional) {
    const ns = await client.find<V1Namespace>(ResourceTypes.Namespace, conventional);
    if (ns && isCubbyNamespaceOf(ns, tenant, name)) return { ref: { tenant, name, namespace: conventional }, namespace: ns };
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(tenant) || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    // Not label values: nothing can carry them, and they must not reach a selector unescaped.
    throw vClusterNotFound(tenant, name);
  }
  const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: cubbySelector(tenant, name) });
  const [found, ...others] = list.items;
  if (!found?.metadata?.name) throw vClusterNotFound(tenant, name);
  if (others.length > 0) {
    // Two namespaces claiming one vCluster is an admin mistake; refuse to guess.
    throw new Error(`namespaces ${list.items.map((n) => n.metadata?.name).join(', ')} all claim vCluster ${tenant}/${name}`);
  }
  return { ref: { tenant, name, namespace: found.metadata.name }, namespace: found };
}
