// Who is at the other end, and under which host name they reached Cubby.
//
// X-Forwarded-For, X-Forwarded-Host and X-Forwarded-Proto are whatever the client wrote unless a
// proxy Cubby trusts (CUBBY_TRUSTED_PROXIES, none by default) set them. So they count only when
// the TCP peer (peer-address-hook.ts) is such a proxy; for X-Forwarded-For every trusted hop is
// skipped from the right, and the first address that is not a trusted proxy is the client (the
// hops left of it are again the client's own words).
import { BlockList, isIP } from 'node:net';
import { authSettings, type ProxyRange } from '@/lib/tenancy/settings';
import { PEER_ADDRESS_HEADER } from './peer-address-hook';

/** Stands for a peer the hook did not stamp (it is installed at start-up, so: never in practice). */
export const UNKNOWN_ADDRESS = 'unknown';

export interface RequestOrigin {
  /** The client's IP address (IPv4-mapped IPv6 written as IPv4), or UNKNOWN_ADDRESS. */
  address: string;
  /** Whether the request came through a trusted proxy. */
  proxied: boolean;
  /** host[:port] the client asked for: X-Forwarded-Host behind a trusted proxy, else Host. */
  host?: string;
  /** http or https, when known. */
  protocol?: string;
}

function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\](?::\d+)?$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.toLowerCase();
}

const blockLists = new WeakMap<readonly ProxyRange[], BlockList>();

function trustList(ranges: readonly ProxyRange[]): BlockList {
  let list = blockLists.get(ranges);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) list.addSubnet(range.address, range.prefix, range.family);
    blockLists.set(ranges, list);
  }
  return list;
}

function isTrusted(address: string, ranges: readonly ProxyRange[]): boolean {
  const version = isIP(address);
  if (version === 0 || ranges.length === 0) return false;
  return trustList(ranges).check(address, version === 4 ? 'ipv4' : 'ipv6');
}

/** The first value of a possibly repeated, comma-separated header. */
function firstValue(value: string | null): string | undefined {
  const first = value?.split(',')[0]?.trim();
  return first ? first : undefined;
}

export function requestOrigin(request: Request, trustedProxies: readonly ProxyRange[] = authSettings().trustedProxies): RequestOrigin {
  const peerHeader = request.headers.get(PEER_ADDRESS_HEADER);
  const peer = peerHeader ? normalise(peerHeader) : '';
  const ownHost = request.headers.get('host') ?? undefined;
  if (!peer || isIP(peer) === 0) return { address: UNKNOWN_ADDRESS, proxied: false, host: ownHost };
  if (!isTrusted(peer, trustedProxies)) return { address: peer, proxied: false, host: ownHost };

  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(normalise)
    .filter(Boolean);
  let address = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // Garbage where an address should be ends the chain: everything left of it is unproven.
    if (isIP(hop) === 0) break;
    address = hop;
    if (!isTrusted(hop, trustedProxies)) break;
  }
  const forwardedProto = firstValue(request.headers.get('x-forwarded-proto'))?.toLowerCase();
  return {
    address,
    proxied: true,
    host: firstValue(request.headers.get('x-forwarded-host')) ?? ownHost,
    protocol: forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : undefined,
  };
}

/** The client's address alone (rate limits, audit). */
export function clientAddress(request: Request): string {
  return requestOrigin(request).address;
}
