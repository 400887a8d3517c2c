// Cubby's Prometheus metrics (prom-client), served at /metrics (app/metrics/route.ts). One
// registry per process, kept on globalThis because Next.js may evaluate this module once per
// route bundle. Labels are bounded: route templates (`/api/vclusters/[tenant]/[name]`), never
// tenant or vCluster names, so the series count does not grow with the host.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CubbyMetrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  sseClients: Gauge;
  informerRelists: Counter<'resource'>;
  informerEvents: Counter<'resource'>;
  informerLastEvent: Gauge<'resource'>;
  operationDuration: Histogram<'operation' | 'result'>;
  auditFailures: Counter<'reason'>;
  gatewayRequests: Histogram<'kind' | 'status'>;
  gatewayStreams: Gauge;
}

function create(): CubbyMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cubby_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'cubby_http_request_duration_seconds',
      help: 'API request duration by route template, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    sseClients: new Gauge({ name: 'cubby_sse_clients', help: 'Open change streams (browser tabs listening for changes)', registers: [registry] }),
    informerRelists: new Counter({
      name: 'cubby_informer_relists_total',
      help: 'Full lists of a resource by the host cache: the first one and every one after an expired or broken watch',
      labelNames: ['resource'],
      registers: [registry],
    }),
    informerEvents: new Counter({ name: 'cubby_informer_events_total', help: 'Watch events the host cache applied', labelNames: ['resource'], registers: [registry] }),
    informerLastEvent: new Gauge({
      name: 'cubby_informer_last_event_timestamp_seconds',
      help: 'When the host cache last heard from the API server about a resource (a list or a watch event); now minus this is its lag',
      labelNames: ['resource'],
      registers: [registry],
    }),
    operationDuration: new Histogram({
      name: 'cubby_vcluster_operation_duration_seconds',
      help: 'vCluster operations Cubby performs on the host, by operation and result',
      labelNames: ['operation', 'result'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    gatewayRequests: new Histogram({
      name: 'cubby_gateway_request_duration_seconds',
      help: 'Requests through the vCluster gateway until the vCluster answered (streams: until they ended), by kind (request, stream, upgrade) and status',
      labelNames: ['kind', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60, 600],
      registers: [registry],
    }),
    gatewayStreams: new Gauge({ name: 'cubby_gateway_open_streams', help: 'Watches, followed logs and upgraded connections open through the gateway', registers: [registry] }),
    auditFailures: new Counter({
      name: 'cubby_audit_failures_total',
      help: 'Audit records that could not be stored (kept in the log instead)',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}

const globalKey = Symbol.for('cubby.metrics');
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: CubbyMetrics };

export function metrics(): CubbyMetrics {
  const g = globalThis as GlobalWithMetrics;
  return (g[globalKey] ??= create());
}

/** Times `work` as one vCluster operation; the result label is ok or the error's status. */
export async function timedOperation<T>(operation: string, work: () => Promise<T>): Promise<T> {
  const end = metrics().operationDuration.startTimer({ operation });
  try {
    const result = await work();
    end({ result: 'ok' });
    return result;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    end({ result: typeof status === 'number' ? String(status) : 'error' });
    throw error;
  }
}
