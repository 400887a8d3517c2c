import 'server-only';
// Who is calling the gateway. kubectl sends `Authorization: Bearer cubby_…`: a kubeconfig
// credential (scoped to one vCluster) or a personal API token. Like Cubby's API, the token names
// a subject and the groups are resolved now; unlike it, the answer is reused for
// CALLER_TTL_MS, so a credential revoked on another Cubby server stops working within that time
// (on the server that revoked it, at once: onTokenRevoked). Cookies are never looked at: a
// browser tab must not be able to drive a vCluster's API.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { KubeClient } from '@/lib/kube/client';
import { isAuthProvider, resolveIdentity, type AuthProvider } from '@/lib/auth/identity-resolution';
import { onTokenRevoked, verifyApiToken, type TokenScope } from '@/lib/tenancy/api-tokens';
import { isAdmin } from '@/lib/tenancy/authorization';
import { adminGroupFromEnv } from '@/lib/tenancy/settings';
import { RecentAnswers } from './recent-answers';

export interface GatewayCaller {
  user: string;
  groups: string[];
  provider: AuthProvider;
  tokenId: string;
  /** A kubeconfig credential's one vCluster; unset for API tokens. */
  scope?: TokenScope;
  admin: boolean;
}

export const CALLER_TTL_MS = 5_000;
const callers = new RecentAnswers<(GatewayCaller & { hash: string }) | undefined>(CALLER_TTL_MS);
// The cache keys are token hashes, and a token's id is the first 32 hex digits of its hash.
onTokenRevoked((id) => callers.forget((hash) => hash.startsWith(id)));

export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/** The caller, or undefined for a missing, unknown, expired or revoked credential. */
export async function authenticateGatewayCaller(host: KubeClient, headers: IncomingHttpHeaders): Promise<GatewayCaller | undefined> {
  const token = bearerOf(headers);
  if (!token) return undefined;
  const hash = createHash('sha256').update(token, 'utf8').digest('hex');
  const caller = await callers.get(hash, async () => {
    const verified = await verifyApiToken(host, token, { acceptKubeconfigCredentials: true });
    if (!verified || !isAuthProvider(verified.provider)) return undefined;
    const identity = await resolveIdentity(host, { user: verified.user, provider: verified.provider }, { use: 'token' });
    if (!identity) return undefined;
    return {
      ...identity,
      provider: verified.provider,
      tokenId: verified.id,
      ...(verified.scope ? { scope: verified.scope } : {}),
      admin: isAdmin(identity, adminGroupFromEnv()),
      hash,
    };
  });
  if (!caller) return undefined;
  const { hash: _hash, ...rest } = caller;
  return rest;
}

/** Tests: forget every caller. */
export function forgetGatewayCallers(): void {
  callers.clear();
}
