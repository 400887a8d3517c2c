import 'server-only';
// vClusters already on the host, made by `helm install` or the vcluster CLI: their control plane
// is a StatefulSet (or, without persistence, a Deployment) named after the release and labelled
// `app=vcluster,release=NAME`, the chart's own labels. `discoverVClusters` is pure, so the HTTP
// layer feeds it from the informer cache; an admin then assigns one to a tenant, which gives it
// the labels, RBAC and quota of a vCluster Cubby created.
import type { V1Deployment, V1Namespace, V1StatefulSet } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Tenant } from '@/lib/tenancy/model';
import { namespaceGuards } from '@/lib/tenancy/namespace-guards';
import { podSecurityLevelOf } from '@/lib/tenancy/pod-security';
import { applyInOrder, prepareObjects, refOf, unionRefs } from './apply-objects';
import { grantCubbyNamespaceAccess } from './cubby-namespace-access';
import {
  ANNOTATION_CREATED_BY,
  ANNOTATION_IMPORTED,
  ANNOTATION_OBJECTS,
  LABEL_TENANT,
  LABEL_VCLUSTER,
  type NamespaceMetaLike,
  cubbyLabels,
  cubbySelector,
  storedState,
} from './host-metadata';
import { VClusterError } from './lifecycle-error';
import { tenantObjects } from './tenant-objects';
import type { VClusterRef } from './vcluster-ref';

export interface WorkloadLike {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: Date | string;
    deletionTimestamp?: Date | string;
  };
}

export interface DiscoveryInput {
  statefulSets: readonly WorkloadLike[];
  deployments: readonly WorkloadLike[];
  namespaces: readonly NamespaceMetaLike[];
}

export interface DiscoveredVCluster {
  namespace: string;
  name: string;
  kind: 'StatefulSet' | 'Deployment';
  /** The tenant it is assigned to; absent for vClusters no tenant owns yet. */
  tenant?: string;
  /** Created by Cubby (as opposed to found and assigned, or not assigned yet). */
  createdByCubby: boolean;
  /** The chart label, e.g. `vcluster-0.36.1`. */
  chart?: string;
  createdAt?: string;
}

/**
 * Every vCluster control plane among the workloads, one per namespace and release, sorted by
 * namespace. Workloads or namespaces being deleted are left out: there is nothing to assign.
 */
export function discoverVClusters(input: DiscoveryInput): DiscoveredVCluster[] {
  const namespaces = new Map<string, NamespaceMetaLike>();
  for (const ns of input.namespaces) if (ns.metadata?.name) namespaces.set(ns.metadata.name, ns);
  const found = new Map<string, DiscoveredVCluster>();
  const consider = (workload: WorkloadLike, kind: DiscoveredVCluster['kind']) => {
    const meta = workload.metadata;
    const labels = meta?.labels ?? {};
    const release = labels.release;
    // The chart names the control plane after the release; its other workloads (etcd, coredns)
    // carry other `app` labels or other names.
    if (labels.app !== 'vcluster' || !release || meta?.name !== release || !meta.namespace) return;
    if (meta.deletionTimestamp != null) return;
    const ns = namespaces.get(meta.namespace);
    if (!ns || ns.metadata?.deletionTimestamp != null) return;
    const key = `${meta.namespace}/${release}`;
    if (found.has(key)) return;
    const state = storedState(ns);
    const assigned = state.tenant !== undefined && state.name === release;
    const entry: DiscoveredVCluster = {
      namespace: meta.namespace,
      name: release,
      kind,
      createdByCubby: assigned && !state.imported,
    };
    if (assigned) entry.tenant = state.tenant;
    if (labels.chart) entry.chart = labels.chart;
    if (meta.creationTimestamp != null) entry.createdAt = new Date(meta.creationTimestamp).toISOString();
    found.set(key, entry);
  };
  for (const sts of input.statefulSets) consider(sts, 'StatefulSet');
  for (const deployment of input.deployments) consider(deployment, 'Deployment');
  return [...found.values()].sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)));
}

/** The ones an admin can still assign. */
export function unassignedVClusters(input: DiscoveryInput): DiscoveredVCluster[] {
  return discoverVClusters(input).filter((v) => v.tenant === undefined);
}

export interface AssignInput {
  namespace: string;
  name: string;
  tenant: Tenant;
  /** The admin assigning it, recorded on the namespace. */
  assignedBy: string;
  now?: () => Date;
}

/**
 * Makes a found vCluster one of the tenant's: labels its namespace, applies the tenant's RBAC and
 * quota there, and records them so delete and later assignments find them. Admin only: the caller
 * checks. Idempotent for the same tenant; 409 when another tenant has it, or the tenant already
 * has a vCluster of that name.
 */
export async function assignToTenant(client: KubeClient, input: AssignInput): Promise<VClusterRef> {
  const { namespace, name, tenant } = input;
  const ns = await client.find<V1Namespace>(ResourceTypes.Namespace, namespace);
  if (!ns) throw new VClusterError(404, 'not_found', `Namespace '${namespace}' does not exist.`);
  if (ns.metadata?.deletionTimestamp) throw new VClusterError(409, 'being_deleted', `Namespace '${namespace}' is being deleted.`);
  const labels = ns.metadata?.labels ?? {};
  if (labels[LABEL_TENANT] !== undefined && (labels[LABEL_TENANT] !== tenant.name || labels[LABEL_VCLUSTER] !== name)) {
    throw new VClusterError(409, 'already_exists', `Namespace '${namespace}' already belongs to tenant '${labels[LABEL_TENANT]}'.`);
  }
  const [sts, deployment] = await Promise.all([
    client.find<V1StatefulSet>(ResourceTypes.StatefulSet, name, namespace),
    client.find<V1Deployment>(ResourceTypes.Deployment, name, namespace),
  ]);
  const workload = sts ?? deployment;
  if (!workload || workload.metadata?.labels?.app !== 'vcluster' || workload.metadata.labels.release !== name) {
    throw new VClusterError(404, 'not_found', `There is no vCluster '${name}' in namespace '${namespace}'.`);
  }
  const sameName = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: cubbySelector(tenant.name, name) });
  if (sameName.items.some((other) => other.metadata?.name !== namespace)) {
    throw new VClusterError(409, 'already_exists', `Tenant '${tenant.name}' already has a vCluster named '${name}'.`);
  }

  // The control plane's share of the quota comes from the workload as it runs.
  const workloadObject = { ...workload, apiVersion: 'apps/v1', kind: sts ? 'StatefulSet' : 'Deployment' };
  const objects = await prepareObjects(client, tenantObjects(tenant, namespace, name, [workloadObject]), {
    namespace,
    labels: cubbyLabels(tenant.name, name),
  });
  const annotations = ns.metadata?.annotations ?? {};
  // Adopted namespaces get Pod Security and the ingress host list like created ones.
  const guards = namespaceGuards({ tenant, vcluster: name, fallbackLevel: podSecurityLevelOf(labels) });
  await client.patch(ResourceTypes.Namespace, namespace, undefined, {
    metadata: {
      labels: { ...cubbyLabels(tenant.name, name), ...guards.labels },
      annotations: {
        ...guards.annotations,
        [ANNOTATION_IMPORTED]: annotations[ANNOTATION_IMPORTED] ?? (input.now ?? (() => new Date()))().toISOString(),
        [ANNOTATION_CREATED_BY]: annotations[ANNOTATION_CREATED_BY] ?? input.assignedBy,
        [ANNOTATION_OBJECTS]: JSON.stringify(unionRefs(storedState(ns).objects, objects.map(refOf))),
      },
    },
  });
  // Labelled first: Cubby's installation lets it bind itself only in namespaces with a tenant label.
  await grantCubbyNamespaceAccess(client, namespace, cubbyLabels(tenant.name, name));
  await applyInOrder(client, objects, { tenant: tenant.name, name, namespace });
  return { tenant: tenant.name, name, namespace };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
