import 'server-only';
// Cubby's gateway to each vCluster's API: `/kube/TENANT/NAME/...` on Cubby's own origin.
// For each request, in order: the path names a vCluster (gateway-path.ts); the bearer is a live
// kubeconfig credential or API token (gateway-caller.ts); Cubby and then the host's RBAC let
// this user into this vCluster (gateway-access.ts); the vCluster is running (paused: a clear
// answer; asleep: woken and held until it answers); then the request goes to the vCluster's API
// server with the vCluster's own credential, impersonating the user (forwarded-headers.ts, relay.ts). Use is recorded for
// sleep mode and the UI (activity-recorder.ts) and in the audit trail (gateway-audit.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeClient } from '@/lib/kube/client';
import { hostClient } from '@/lib/kube/host-client';
import { errorFields, log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';
import { getHostCache, type HostCache } from '@/lib/vcluster/host-cache';
import { isVClusterError } from '@/lib/vcluster/lifecycle-error';
import { ANNOTATION_SLEEP_PHASE } from '@/lib/vcluster/sleep/sleep-state';
import { pausedByHand, wakeOnUse } from '@/lib/vcluster/sleep/wake-on-use';
import { isPaused } from '@/lib/vcluster/status';
import type { VClusterAccessSettings } from '@/lib/vcluster/vcluster-access';
import { ActivityRecorder } from './activity-recorder';
import { authorizeGatewayCall, isRefusal, type GatewayGrant } from './gateway-access';
import { auditGatewayRefusal, auditGatewayUse } from './gateway-audit';
import { authenticateGatewayCaller, type GatewayCaller } from './gateway-caller';
import { parseGatewayUrl, type GatewayTarget } from './gateway-path';
import { ensureInsideAccess } from './in-vcluster-access';
import { type GatewayRefusal, refusals, writeRefusal, writeRefusalOnSocket } from './kube-status';
import { relayRequest, relayUpgrade } from './relay';
import { upstreamRequestHeaders } from './forwarded-headers';
import { UpstreamUnavailable, dropUpstream, upstreamClient, type Transport } from './vcluster-upstream';

export interface GatewayDeps {
  host: () => KubeClient;
  cache: () => HostCache;
  recorder: ActivityRecorder;
  access?: VClusterAccessSettings;
  /** How long a request waits for a host cache that is still syncing (just after boot). */
  syncWaitMs?: number;
  /** How long a request to a sleeping vCluster is held; WAKE_HOLD_MS. */
  wakeHoldMs?: number;
}

export interface Gateway {
  handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

interface Admitted {
  target: GatewayTarget;
  caller: GatewayCaller;
  grant: GatewayGrant;
  transport: Transport;
}

/** Long-lived requests: they count as open streams while they last. */
export function isStreamRequest(search: string): boolean {
  const query = new URLSearchParams(search);
  return ['watch', 'follow'].some((name) => ['true', '1'].includes(query.get(name) ?? ''));
}

async function syncedCache(deps: GatewayDeps): Promise<HostCache | undefined> {
  const cache = deps.cache();
  if (cache.hasSynced) return cache;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([cache.ready().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, deps.syncWaitMs ?? 10_000)))]);
  clearTimeout(timer);
  return cache.hasSynced ? cache : undefined;
}

/** How long a request to a sleeping vCluster is held while it wakes (then 503 with Retry-After). */
export const WAKE_HOLD_MS = 60_000;

async function vClusterAnswers(host: KubeClient, grant: GatewayGrant, access: GatewayDeps['access']): Promise<boolean> {
  // The sleeping vCluster's client, if kept, points at connections that are gone.
  dropUpstream(grant.ref);
  try {
    const vcluster = await upstreamClient(host, grant.ref, access);
    // /readyz, not /version: a restarted API server answers /version before its RBAC is loaded.
    await vcluster.request({ method: 'GET', path: '/readyz', timeoutMs: 2_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Undefined when the vCluster can take the request now. Asleep (sleep mode paused it): woken, and
 * the request held until its API answers. Paused by hand: a clear refusal, never a wake.
 */
async function unlessAwake(deps: GatewayDeps, cache: HostCache, grant: GatewayGrant, user: string, signal: AbortSignal): Promise<GatewayRefusal | undefined> {
  const { ref } = grant;
  const workload = cache.workload(ref.namespace, ref.name);
  if (!workload) return refusals.unavailable(`vCluster ${ref.tenant}/${ref.name} has no control plane on the host yet; try again in a moment.`);
  const phase = cache.namespace(ref.namespace)?.metadata.annotations?.[ANNOTATION_SLEEP_PHASE];
  const paused = isPaused(workload) || workload.spec.replicas === 0;
  if (!paused && phase !== 'waking') return undefined;
  if (paused && !phase) return { code: 409, reason: 'Conflict', message: pausedByHand(ref).message };
  const host = deps.host();
  try {
    await wakeOnUse({ client: host }, ref, user, { probe: () => vClusterAnswers(host, grant, deps.access), timeoutMs: deps.wakeHoldMs ?? WAKE_HOLD_MS, signal });
    return undefined;
  } catch (error) {
    if (isVClusterError(error, 'waking')) {
      const retryAfter = Number((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 10);
      return refusals.unavailable(error.message, retryAfter);
    }
    if (isVClusterError(error, 'paused_by_hand')) return { code: 409, reason: 'Conflict', message: error.message };
    throw error;
  }
}

export function createGateway(deps: GatewayDeps): Gateway {
  async function admit(req: IncomingMessage, signal: AbortSignal): Promise<Admitted | GatewayRefusal> {
    const parsed = parseGatewayUrl(req.url ?? '');
    if ('problem' in parsed) return parsed.problem === 'bad-path' ? refusals.badRequest(parsed.message) : refusals.notFound(parsed.message);
    const { target } = parsed;
    const host = deps.host();
    const caller = await authenticateGatewayCaller(host, req.headers);
    if (!caller) return refusals.unauthorized();
    const cache = await syncedCache(deps);
    if (!cache) return refusals.unavailable('Cubby is starting and has not read the host cluster yet; try again in a moment.');
    const grant = await authorizeGatewayCall(cache, host, caller, target.tenant, target.name);
    if (isRefusal(grant)) {
      auditGatewayRefusal(host, caller, target.tenant, target.name, grant.code, grant.message);
      return grant;
    }
    const asleep = await unlessAwake(deps, cache, grant, caller.user, signal);
    if (asleep) return asleep;
    const vcluster = await upstreamClient(host, grant.ref, deps.access);
    await ensureInsideAccess(host, vcluster, grant.ref, cache.namespace(grant.ref.namespace));
    return { target, caller, grant, transport: await vcluster.transport() };
  }

  async function admitOrRefuse(req: IncomingMessage, refuse: (refusal: GatewayRefusal) => void): Promise<Admitted | undefined> {
    // kubectl gave up (a wake can hold a request for a minute): stop waiting for it.
    const gaveUp = new AbortController();
    const onClose = () => gaveUp.abort();
    // kubectl keeps connections alive across requests: one listener per request, removed after.
    req.socket.once('close', onClose);
    try {
      const admitted = await admit(req, gaveUp.signal);
      if ('code' in admitted) {
        refuse(admitted);
        return undefined;
      }
      return admitted;
    } catch (error) {
      if (error instanceof UpstreamUnavailable) {
        refuse(error.refusal);
        return undefined;
      }
      if (gaveUp.signal.aborted) return undefined;
      log.error({ component: 'gateway', url: req.url?.slice(0, 200), ...errorFields(error) }, 'gateway request failed before reaching the vCluster');
      refuse(refusals.unavailable('Cubby could not reach the host cluster to decide this request; try again in a moment.'));
      return undefined;
    } finally {
      req.socket.off('close', onClose);
    }
  }

  function finish(admitted: Admitted, method: string, upgrade: boolean, status: number, started: number, kind: string, error?: Error): void {
    const { grant, caller, target } = admitted;
    const seconds = (performance.now() - started) / 1000;
    metrics().gatewayRequests.observe({ kind, status: String(status) }, seconds);
    if (status === 0 || status === 401) dropUpstream(grant.ref);
    auditGatewayUse(deps.host(), caller, grant.ref, { method, path: target.path, upgrade, status });
    const fields = { component: 'gateway', tenant: grant.ref.tenant, vcluster: grant.ref.name, user: caller.user, method, path: target.path.slice(0, 200), status, ms: Math.round(seconds * 1000), kind };
    if (error && status === 0) log.warn({ ...fields, ...errorFields(error) }, 'vCluster unreachable through the gateway');
    else log.info(fields, 'gateway request');
  }

  return {
    async handleRequest(req, res) {
      const started = performance.now();
      const admitted = await admitOrRefuse(req, (refusal) => writeRefusal(res, refusal));
      if (!admitted) return;
      const { grant, target, transport } = admitted;
      const stream = isStreamRequest(target.search);
      deps.recorder.touch(grant.ref.namespace, grant.inside.user);
      const ended = stream ? deps.recorder.streamOpened(grant.ref.namespace, grant.inside.user) : undefined;
      if (stream) metrics().gatewayStreams.inc();
      const headers = upstreamRequestHeaders(req.headers, transport.headers, grant.inside, undefined);
      const outcome = await relayRequest(req, res, transport, target, headers);
      if (stream) metrics().gatewayStreams.dec();
      ended?.();
      if (outcome.status === 0) {
        writeRefusal(res, refusals.badGateway(`vCluster ${grant.ref.tenant}/${grant.ref.name} did not answer: ${outcome.error?.message ?? 'connection failed'}`));
      }
      finish(admitted, req.method ?? 'GET', false, outcome.status, started, stream ? 'stream' : 'request', outcome.error);
    },

    async handleUpgrade(req, socket, head) {
      const started = performance.now();
      socket.on('error', () => socket.destroy());
      const admitted = await admitOrRefuse(req, (refusal) => writeRefusalOnSocket(socket, refusal));
      if (!admitted) return;
      const { grant, target, transport } = admitted;
      deps.recorder.touch(grant.ref.namespace, grant.inside.user);
      const ended = deps.recorder.streamOpened(grant.ref.namespace, grant.inside.user);
      metrics().gatewayStreams.inc();
      const headers = upstreamRequestHeaders(req.headers, transport.headers, grant.inside, req.headers.upgrade);
      const outcome = await relayUpgrade(req, socket, head, transport, target, headers);
      if (outcome.status === 0) {
        writeRefusalOnSocket(socket, refusals.badGateway(`vCluster ${grant.ref.tenant}/${grant.ref.name} did not answer: ${outcome.error?.message ?? 'connection failed'}`));
      }
      await outcome.closed;
      metrics().gatewayStreams.dec();
      ended();
      finish(admitted, req.method ?? 'GET', true, outcome.status, started, 'upgrade', outcome.error);
    },
  };
}

type GlobalWithGateway = typeof globalThis & { [key: symbol]: Gateway | undefined };
const globalKey = Symbol.for('cubby.gateway');

/** The process's gateway, over the process's host client and cache. */
export function processGateway(): Gateway {
  const g = globalThis as GlobalWithGateway;
  return (g[globalKey] ??= createGateway({ host: hostClient, cache: getHostCache, recorder: new ActivityRecorder(hostClient) }));
}
