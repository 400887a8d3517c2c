// Which vCluster (or which admin list) a change of a host object concerns, and which part of
// its page goes stale. Coarse on purpose: the browser refetches a whole part (the status, the
// synced pods) rather than patching objects, so a notification only has to say where to look.

import { LABEL_VCLUSTER } from '@/lib/tenancy/model';
import { KUBECONFIG_SECRET_LABEL, type HostCacheChange } from './host-cache-projections';

export type ChangeKind =
  /** A vCluster appeared or went away: lists of vClusters are stale. */
  | 'list'
  /** Its status: pause, pods of the control plane, creation step, config pending, waiting reason. */
  | 'status'
  /** Its synced pods. */
  | 'pods'
  /** The nodes inside it (fake nodes follow the host nodes its pods run on). */
  | 'nodes'
  /** Events of its namespace. */
  | 'events'
  /** Its kubeconfig Secret. */
  | 'kubeconfig'
  /** How it is reached: its Services and Ingresses. */
  | 'access'
  /** Its row in lists changed (status, synced pod count, options): set by the view index. */
  | 'row'
  /** Its ResourceQuota's used or hard figures (the admin's usage columns). */
  | 'usage';

export const CHANGE_KINDS: readonly ChangeKind[] = ['list', 'row', 'status', 'pods', 'nodes', 'events', 'kubeconfig', 'access', 'usage'];

export type ChangeTarget =
  | { scope: 'vcluster'; namespace: string; name: string; kinds: ChangeKind[] }
  | { scope: 'tenants' }
  | { scope: 'templates' };

/** What the mapping needs to know beyond the changed object itself. */
export interface TargetContext {
  /** vClusters whose control plane lives in the namespace. */
  vclustersInNamespace(namespace: string): string[];
  isControlPlanePod(namespace: string, podName: string): boolean;
}

/** Kinds of objects whose events explain a control plane that is not running (see status.ts). */
const CONTROL_PLANE_EVENT_KINDS = new Set(['StatefulSet', 'Deployment', 'ReplicaSet', 'PersistentVolumeClaim']);

export function changeTargets(input: HostCacheChange, context: TargetContext): ChangeTarget[] {
  switch (input.source) {
    case 'statefulSets':
    case 'deployments': {
      const { object, type } = input.change;
      const name = object.metadata.labels?.release ?? object.metadata.name;
      return [vcluster(object.metadata.namespace, name, type === 'updated' ? ['status'] : ['list', 'status'])];
    }
    case 'controlPlanePods': {
      const { object } = input.change;
      const release = object.metadata.labels?.release;
      return release ? [vcluster(object.metadata.namespace, release, ['status'])] : [];
    }
    case 'syncedPods': {
      const { object, previous, type } = input.change;
      if (!object.vcluster) return [];
      const node = object.node;
      const nodesChanged = type === 'updated' ? previous?.node !== node : node !== undefined;
      return [vcluster(object.metadata.namespace, object.vcluster, nodesChanged ? ['pods', 'nodes'] : ['pods'])];
    }
    case 'secrets': {
      const { object } = input.change;
      const labels = object.metadata.labels ?? {};
      const owner = labels[KUBECONFIG_SECRET_LABEL];
      if (owner) return [vcluster(object.metadata.namespace, owner, ['status', 'kubeconfig'])];
      // The chart's own Secrets (vc-config-NAME) carry release; their presence is a creation step.
      if (labels.release) return [vcluster(object.metadata.namespace, labels.release, ['status'])];
      return [];
    }
    case 'services':
    case 'ingresses': {
      const { object } = input.change;
      const release = object.metadata.labels?.release;
      return release ? [vcluster(object.metadata.namespace, release, ['access'])] : [];
    }
    case 'events': {
      const { object } = input.change;
      const namespace = object.involvedObject.namespace || object.metadata.namespace;
      const involved = object.involvedObject;
      return context.vclustersInNamespace(namespace).map((name) => {
        const aboutControlPlane =
          (involved.kind !== undefined && CONTROL_PLANE_EVENT_KINDS.has(involved.kind)) ||
          (involved.kind === 'Pod' && involved.name !== undefined && context.isControlPlanePod(namespace, involved.name));
        return vcluster(namespace, name, aboutControlPlane ? ['events', 'status'] : ['events']);
      });
    }
    case 'namespaces': {
      const { object, type } = input.change;
      const namespace = object.metadata.name;
      const names = new Set(context.vclustersInNamespace(namespace));
      // Cubby labels the namespace first: the vCluster is listed before its chart is applied.
      const labelled = object.metadata.labels?.[LABEL_VCLUSTER];
      if (labelled) names.add(labelled);
      const kinds: ChangeKind[] = labelled && type !== 'updated' ? ['list', 'status'] : ['status'];
      return [...names].map((name) => vcluster(namespace, name, kinds));
    }
    case 'resourceQuotas': {
      const { object } = input.change;
      const name = object.metadata.labels?.[LABEL_VCLUSTER];
      return name ? [vcluster(object.metadata.namespace, name, ['usage'])] : [];
    }
    case 'tenants':
      return [{ scope: 'tenants' }];
    case 'templates':
      return [{ scope: 'templates' }];
  }
}

function vcluster(namespace: string, name: string, kinds: ChangeKind[]): ChangeTarget {
  return { scope: 'vcluster', namespace, name, kinds };
}
