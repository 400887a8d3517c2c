import 'server-only';
// Conversions between Cubby's custom resources and the model, shared by the stores.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { objectPath, type ResourceType } from '@/lib/kube/resource-types';
import { isPlainObject } from '@/lib/vcluster/values-tree';
import { fromKubeError, notFound } from './errors';
import type { Template, TemplateSpec, Tenant, TenantSpec } from './model';

export interface TenantObject extends KubernetesObject {
  spec?: Partial<TenantSpec>;
}

export interface TemplateObject extends KubernetesObject {
  spec?: Partial<TemplateSpec>;
}

/** Reads defensively: objects written with kubectl may omit the optional lists. */
export function tenantFromObject(object: TenantObject): Tenant {
  const spec = object.spec ?? {};
  return {
    name: object.metadata?.name ?? '',
    spec: {
      ...(spec.displayName ? { displayName: spec.displayName } : {}),
      members: { users: spec.members?.users ?? [], groups: spec.members?.groups ?? [] },
      quota: { maxVClusters: 0, ...spec.quota },
      templates: spec.templates ?? [],
      ...(spec.ingressHosts?.length ? { ingressHosts: spec.ingressHosts } : {}),
    },
    resourceVersion: object.metadata?.resourceVersion,
  };
}

export function templateFromObject(object: TemplateObject): Template {
  const spec = object.spec ?? {};
  return {
    name: object.metadata?.name ?? '',
    spec: {
      ...(spec.displayName ? { displayName: spec.displayName } : {}),
      ...(spec.description ? { description: spec.description } : {}),
      baseValues: isPlainObject(spec.baseValues) ? spec.baseValues : {},
      allowedOptions: spec.allowedOptions ?? [],
      ...(spec.podSecurityLevel ? { podSecurityLevel: spec.podSecurityLevel } : {}),
      ...(spec.ingressHosts?.length ? { ingressHosts: spec.ingressHosts } : {}),
      ...(spec.chartVersion ? { chartVersion: spec.chartVersion } : {}),
      ...(isPlainObject(spec.sleep) ? { sleep: spec.sleep } : {}),
    },
    resourceVersion: object.metadata?.resourceVersion,
  };
}

/** DELETE with an optional resourceVersion precondition, which KubeClient.delete does not offer. */
export async function deleteCubbyObject(
  client: KubeClient,
  type: ResourceType,
  name: string,
  what: string,
  options: { resourceVersion?: string; namespace?: string } = {},
): Promise<void> {
  try {
    await client.request({
      method: 'DELETE',
      path: objectPath(type, name, options.namespace),
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        ...(options.resourceVersion ? { preconditions: { resourceVersion: options.resourceVersion } } : {}),
      },
      ref: { kind: type.kind, name, namespace: options.namespace },
    });
  } catch (error) {
    if (error instanceof KubeError && error.notFound) throw notFound(`${what} does not exist.`);
    throw fromKubeError(error, what);
  }
}
