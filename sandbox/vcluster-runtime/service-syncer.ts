// Services virtual -> host. The host copy selects the host copies of the virtual pods: their
// labels are the virtual labels plus the vCluster name and virtual namespace, so the selector
// gets those two as well and cannot pick pods of another virtual namespace.
import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { Json } from './kube-client';
import { MANAGED_BY_LABEL, NAMESPACE_LABEL, canonical, type SyncContext } from './sync-context';
import type { ToHostKind } from './to-host-syncer';

export type Service = Json<V1Service>;
type Port = Json<V1ServicePort>;

/** Port fields both sides agree on; node ports are the host's to allocate. */
function portShape(port: Port): Port {
  return { name: port.name, protocol: port.protocol, port: port.port, targetPort: port.targetPort, appProtocol: port.appProtocol };
}

/** Spec fields the host copy takes from the virtual Service. */
function syncedSpec(service: Service): Record<string, unknown> {
  const spec = service.spec ?? {};
  return {
    type: spec.type,
    selector: spec.selector,
    ports: spec.ports?.map(portShape),
    sessionAffinity: spec.sessionAffinity,
    externalName: spec.externalName,
    publishNotReadyAddresses: spec.publishNotReadyAddresses,
    externalTrafficPolicy: spec.externalTrafficPolicy,
    internalTrafficPolicy: spec.internalTrafficPolicy,
  };
}

export const serviceKind: ToHostKind<Service> = {
  plural: 'service',
  groupVersion: 'v1',
  resource: 'services',
  kindAnnotation: '/v1, Kind=Service',
  kind: 'Service',
  // The virtual API server's own Service; the host has its own.
  skip: (s) => s.metadata?.namespace === 'default' && s.metadata?.name === 'kubernetes',
  translateBody: (ctx: SyncContext, virtual: Service) => {
    const spec = virtual.spec ?? {};
    const { clusterIP, clusterIPs, healthCheckNodePort: _hc, ports, selector, ...rest } = spec;
    const headless = clusterIP === 'None';
    return {
      apiVersion: 'v1',
      kind: 'Service',
      spec: {
        ...rest,
        // The host allocates addresses and node ports; only "headless" carries over.
        ...(headless ? { clusterIP, clusterIPs } : {}),
        ports: ports?.map(portShape),
        selector: selector
          ? { ...selector, [MANAGED_BY_LABEL]: ctx.name, [NAMESPACE_LABEL]: virtual.metadata?.namespace ?? '' }
          : undefined,
      },
    };
  },
  bodyPatch: (desired, host) => {
    const want = syncedSpec(desired as Service);
    const have = syncedSpec(host);
    if (canonical(want) === canonical(have)) return undefined;
    return { spec: Object.fromEntries(Object.entries(want).map(([k, v]) => [k, v ?? null])) };
  },
  statusBack: (host, virtual) => {
    const want = host.status?.loadBalancer ?? {};
    if (canonical(want) === canonical(virtual.status?.loadBalancer ?? {})) return undefined;
    return { status: { loadBalancer: want } };
  },
};
