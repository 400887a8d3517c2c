import 'server-only';
// The Server-Sent Events stream of changes a caller may see. Each message names what changed
// (a vCluster and the kinds of its data, or tenants/templates); the browser refetches just that.
import type { Identity } from '@/lib/kube/identity';
import type { HostCache } from '@/lib/vcluster/host-cache';
import type { ChangeFeed, ChangeNotification } from '@/lib/vcluster/change-feed';
import { LABEL_TENANT } from '@/lib/tenancy/model';
import { parseHostNamespaceName } from '@/lib/vcluster/vcluster-name';
import { visibleTenantNames } from './vcluster-views';
import { metrics } from '@/lib/observability/metrics';

const HEARTBEAT_MS = 15_000;

/** What a tenant member may hear about: their tenants' vClusters, and that tenants/templates changed. */
export function mayHear(cache: HostCache, caller: Identity, admin: boolean, change: ChangeNotification): ChangeNotification | undefined {
  if (change.scope !== 'vcluster') return change;
  // A deleted namespace is gone from the cache; Cubby's own names still say whose it was.
  const tenant = cache.namespace(change.namespace)?.metadata.labels?.[LABEL_TENANT] ?? parseHostNamespaceName(change.namespace)?.tenant;
  if (admin) return { ...change, ...(tenant ? { tenant } : {}) } as ChangeNotification;
  if (!tenant || !visibleTenantNames(cache, caller, admin).has(tenant)) return undefined;
  return { ...change, tenant } as ChangeNotification;
}

export function changeStream(cache: HostCache, feed: ChangeFeed, caller: Identity, admin: boolean, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send(`retry: 3000\nevent: ready\ndata: {}\n\n`);
      const unsubscribe = feed.subscribe((change) => {
        const visible = mayHear(cache, caller, admin, change);
        if (visible) send(`event: change\ndata: ${JSON.stringify(visible)}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      const clients = metrics().sseClients;
      clients.inc();
      let open = true;
      cleanup = () => {
        if (open) clients.dec();
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener('abort', () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}
