// Ingresses virtual -> host, only while sync.toHost.ingresses.enabled: backends point at the
// host copies of the virtual Services, TLS at the host copies of the Secrets.
import type { V1Ingress, V1IngressBackend } from '@kubernetes/client-node';
import { resourcePath, type Json, type KubeClient } from './kube-client';
import { hostName } from './host-name';
import { MANAGED_BY_LABEL, canonical, type SyncContext } from './sync-context';
import type { ToHostKind } from './to-host-syncer';

export type Ingress = Json<V1Ingress>;
type Backend = Json<V1IngressBackend>;

export const INGRESS_GROUP_VERSION = 'networking.k8s.io/v1';

function translateBackend(backend: Backend | undefined, namespace: string, vcluster: string): Backend | undefined {
  if (!backend?.service) return backend;
  return { ...backend, service: { ...backend.service, name: hostName(backend.service.name, namespace, vcluster) } };
}

export const ingressKind: ToHostKind<Ingress> = {
  plural: 'ingress',
  groupVersion: INGRESS_GROUP_VERSION,
  resource: 'ingresses',
  kindAnnotation: 'networking.k8s.io/v1, Kind=Ingress',
  kind: 'Ingress',
  translateBody: (ctx: SyncContext, virtual: Ingress) => {
    const namespace = virtual.metadata?.namespace ?? '';
    const spec = virtual.spec ?? {};
    return {
      apiVersion: INGRESS_GROUP_VERSION,
      kind: 'Ingress',
      spec: {
        ...spec,
        defaultBackend: translateBackend(spec.defaultBackend, namespace, ctx.name),
        rules: spec.rules?.map((rule) => ({
          ...rule,
          http: rule.http
            ? { ...rule.http, paths: rule.http.paths.map((p) => ({ ...p, backend: translateBackend(p.backend, namespace, ctx.name)! })) }
            : undefined,
        })),
        tls: spec.tls?.map((tls) => ({ ...tls, secretName: tls.secretName ? hostName(tls.secretName, namespace, ctx.name) : undefined })),
      },
    };
  },
  bodyPatch: (desired, host) => {
    const want = (desired as Ingress).spec ?? {};
    if (canonical(want) === canonical(host.spec ?? {})) return undefined;
    const keys = new Set([...Object.keys(want), ...Object.keys(host.spec ?? {})]);
    return { spec: Object.fromEntries([...keys].map((k) => [k, (want as Record<string, unknown>)[k] ?? null])) };
  },
  statusBack: (host, virtual) => {
    const want = host.status?.loadBalancer ?? {};
    if (canonical(want) === canonical(virtual.status?.loadBalancer ?? {})) return undefined;
    return { status: { loadBalancer: want } };
  },
};

/** With ingress sync off, host copies made while it was on must go. */
export async function removeSyncedIngresses(host: KubeClient, namespace: string, vcluster: string): Promise<void> {
  await host.delete(resourcePath(INGRESS_GROUP_VERSION, 'ingresses', namespace), { labelSelector: `${MANAGED_BY_LABEL}=${vcluster}` });
}
