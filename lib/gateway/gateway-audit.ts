import 'server-only';
// The audit trail of gateway use, in the same records as the rest of Cubby. Every change made
// through the gateway (POST, PUT, PATCH, DELETE) and every exec, attach or port-forward is one
// record with method, path and the vCluster's answer. Reads are too many to record one by one
// (kubectl's discovery alone is a dozen): the first read with a credential in a vCluster is
// recorded, then again after READ_RECORD_EVERY_MS of reading. recordQuietly bounds each user's
// records per minute and says how many it dropped.
import type { KubeClient } from '@/lib/kube/client';
import { recordQuietly, type AuditResult } from '@/lib/tenancy/audit';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import type { GatewayCaller } from './gateway-caller';

export const READ_RECORD_EVERY_MS = 10 * 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const lastRead = new Map<string, number>();
const MAX_TRACKED = 10_000;

export interface GatewayUse {
  method: string;
  path: string;
  upgrade: boolean;
  status: number;
}

function resultOf(status: number): AuditResult {
  if (status === 401 || status === 403 || status === 404) return 'denied';
  return status > 0 && status < 400 ? 'success' : 'failed';
}

const credentialOf = (caller: GatewayCaller) => `${caller.scope ? 'kubeconfig credential' : 'API token'} ${caller.tokenId}`;

export function auditGatewayUse(host: KubeClient, caller: GatewayCaller, ref: VClusterRef, use: GatewayUse, now = Date.now()): void {
  const read = !use.upgrade && READ_METHODS.has(use.method);
  if (read) {
    const key = `${caller.tokenId}/${ref.namespace}`;
    const last = lastRead.get(key);
    if (last !== undefined && now - last < READ_RECORD_EVERY_MS) return;
    if (lastRead.size >= MAX_TRACKED) lastRead.clear();
    lastRead.set(key, now);
  }
  const action = use.upgrade ? 'gateway.connect' : read ? 'gateway.read' : 'gateway.write';
  void recordQuietly(host, {
    actor: { user: caller.user, groups: caller.groups },
    action,
    tenant: ref.tenant,
    vcluster: ref.name,
    result: resultOf(use.status),
    message: `${use.method} ${use.path} -> ${use.status || 'unreachable'} (${credentialOf(caller)})${read ? '; later reads within 10 minutes are not recorded one by one' : ''}`,
  });
}

/** A signed-in caller turned away from a vCluster (not theirs, or not there). */
export function auditGatewayRefusal(host: KubeClient, caller: GatewayCaller, tenant: string, name: string, status: number, message: string): void {
  void recordQuietly(host, {
    actor: { user: caller.user, groups: caller.groups },
    action: 'gateway.denied',
    tenant,
    vcluster: name,
    result: resultOf(status),
    message: `${message} (${credentialOf(caller)})`,
  });
}
