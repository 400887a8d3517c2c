// Where each kind Cubby touches lives in the API. Kinds outside the table are found through
// discovery (see KubeClient.resourceTypeOf), so any chart's objects can be applied.

export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const rt = (apiVersion: string, kind: string, plural: string, namespaced: boolean): ResourceType => ({ apiVersion, kind, plural, namespaced });

export const ResourceTypes = {
  Namespace: rt('v1', 'Namespace', 'namespaces', false),
  Node: rt('v1', 'Node', 'nodes', false),
  Pod: rt('v1', 'Pod', 'pods', true),
  Service: rt('v1', 'Service', 'services', true),
  Secret: rt('v1', 'Secret', 'secrets', true),
  ConfigMap: rt('v1', 'ConfigMap', 'configmaps', true),
  ServiceAccount: rt('v1', 'ServiceAccount', 'serviceaccounts', true),
  PersistentVolumeClaim: rt('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true),
  Event: rt('v1', 'Event', 'events', true),
  ResourceQuota: rt('v1', 'ResourceQuota', 'resourcequotas', true),
  LimitRange: rt('v1', 'LimitRange', 'limitranges', true),
  StatefulSet: rt('apps/v1', 'StatefulSet', 'statefulsets', true),
  Deployment: rt('apps/v1', 'Deployment', 'deployments', true),
  Ingress: rt('networking.k8s.io/v1', 'Ingress', 'ingresses', true),
  Role: rt('rbac.authorization.k8s.io/v1', 'Role', 'roles', true),
  RoleBinding: rt('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', true),
  ClusterRole: rt('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false),
  ClusterRoleBinding: rt('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  CustomResourceDefinition: rt('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  SelfSubjectAccessReview: rt('authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false),
} as const satisfies Record<string, ResourceType>;

export function lookupResourceType(apiVersion: string, kind: string): ResourceType | undefined {
  return Object.values(ResourceTypes).find((t) => t.apiVersion === apiVersion && t.kind === kind);
}

/** `/api/v1` or `/apis/GROUP/VERSION`. */
export function apiPrefix(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The collection path of a type, in one namespace or across all. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${apiPrefix(type.apiVersion)}${ns}/${type.plural}`;
}

export function objectPath(type: ResourceType, name: string, namespace?: string): string {
  if (type.namespaced && !namespace) throw new Error(`${type.kind} ${name} needs a namespace`);
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}
