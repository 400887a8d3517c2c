// What the gateway passes on. From the client: everything that describes the request (Accept,
// Content-Type, the WebSocket and SPDY negotiation of an upgrade), nothing that claims who it is
// (Authorization, Impersonate-*, the front-proxy X-Remote-* headers, Cubby's cookies) and nothing
// that is only about the hop to Cubby. Then the vCluster's own credential and the user as whom
// the vCluster must decide.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Identity } from '@/lib/kube/identity';
import { impersonationHeaders } from '@/lib/kube/identity';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);
const IDENTITY = new Set(['authorization', 'cookie']);
const IDENTITY_PREFIXES = ['impersonate-', 'x-remote-', 'x-cubby-', 'x-forwarded-'];

function dropped(name: string): boolean {
  return HOP_BY_HOP.has(name) || IDENTITY.has(name) || IDENTITY_PREFIXES.some((prefix) => name.startsWith(prefix));
}

export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  credential: Record<string, string | string[]>,
  inside: Identity,
  upgrade: string | undefined,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !dropped(name.toLowerCase())) headers[name] = value;
  }
  for (const [name, value] of Object.entries(credential)) headers[name] = value;
  Object.assign(headers, impersonationHeaders(inside));
  if (upgrade) {
    headers.Connection = 'Upgrade';
    headers.Upgrade = upgrade;
  }
  return headers;
}

/** The vCluster's answer without what belongs to the hop between it and Cubby. */
export function downstreamResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  }
  return headers;
}
