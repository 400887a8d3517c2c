import 'server-only';
// How the gateway reaches a vCluster's API server: with the vCluster's own admin credential from
// Secret `vc-NAME`, at the server the access strategy picks (vcluster-access.ts). The client is
// kept for UPSTREAM_TTL_MS (its connections stay alive across requests) and dropped early when
// the vCluster stops answering or refuses the credential (a rotated certificate).
import type { V1Secret } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { type VClusterAccessSettings, kubeconfigSecretName, vClusterAccessSettings, vClusterClientFromSecret } from '@/lib/vcluster/vcluster-access';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { type GatewayRefusal, refusals } from './kube-status';

export const UPSTREAM_TTL_MS = 60_000;

export type Transport = Awaited<ReturnType<KubeClient['transport']>>;

interface Kept {
  client: KubeClient;
  expires: number;
}

const kept = new Map<string, Kept>();
const MAX_KEPT = 256;

const keyOf = (ref: VClusterRef) => `${ref.namespace}/${ref.name}`;

export class UpstreamUnavailable extends Error {
  constructor(readonly refusal: GatewayRefusal) {
    super(refusal.message);
  }
}

async function clientFor(host: KubeClient, ref: VClusterRef, settings: VClusterAccessSettings): Promise<KubeClient> {
  const key = keyOf(ref);
  const hit = kept.get(key);
  if (hit && hit.expires > Date.now()) return hit.client;
  let secret: V1Secret | undefined;
  try {
    secret = await host.find<V1Secret>(ResourceTypes.Secret, kubeconfigSecretName(ref.name), ref.namespace);
  } catch (error) {
    if (error instanceof KubeError) throw new UpstreamUnavailable(refusals.unavailable(`Cubby cannot read the credentials of vCluster ${ref.tenant}/${ref.name}: ${error.message}`));
    throw error;
  }
  if (!secret) {
    throw new UpstreamUnavailable(refusals.unavailable(`vCluster ${ref.tenant}/${ref.name} is not running yet (it has not written its kubeconfig); try again in a moment.`));
  }
  const client = vClusterClientFromSecret(secret, ref, settings, host);
  hit?.client.close();
  if (kept.size >= MAX_KEPT && !kept.has(key)) {
    const [oldestKey, oldest] = kept.entries().next().value as [string, Kept];
    oldest.client.close();
    kept.delete(oldestKey);
  }
  kept.set(key, { client, expires: Date.now() + UPSTREAM_TTL_MS });
  return client;
}

/** A client with the vCluster's admin credential (for what Cubby itself sets up inside). */
export function upstreamClient(host: KubeClient, ref: VClusterRef, settings: VClusterAccessSettings = vClusterAccessSettings()): Promise<KubeClient> {
  return clientFor(host, ref, settings);
}

/** After a connection failure or a refused credential: read the Secret again next time. */
export function dropUpstream(ref: VClusterRef): void {
  const hit = kept.get(keyOf(ref));
  if (!hit) return;
  hit.client.close();
  kept.delete(keyOf(ref));
}

export function closeUpstreams(): void {
  for (const { client } of kept.values()) client.close();
  kept.clear();
}
