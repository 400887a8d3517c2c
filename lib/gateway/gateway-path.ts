// Where the gateway lives in Cubby's own origin: `/kube/TENANT/NAME/...` is the vCluster's API,
// `/kube/TENANT/NAME/api/v1/pods` its pod list. The rest of the path goes to the vCluster as
// the client wrote it (encoding kept), after dot segments are refused: a path that climbs out of
// `/kube/TENANT/NAME` must not reach another vCluster, nor Cubby's own routes behind a proxy
// that normalises paths.

export const GATEWAY_PREFIX = '/kube';

/** A DNS label, which both tenant and vCluster names are (vcluster-name.ts). */
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export interface GatewayTarget {
  tenant: string;
  name: string;
  /** The path on the vCluster's API server, from `/`, as sent (percent-encoding kept). */
  path: string;
  /** `?…` as sent, or ''. */
  search: string;
}

export type ParsedGatewayUrl = { target: GatewayTarget } | { problem: 'not-found' | 'bad-path'; message: string };

/** Whether Cubby's server hands this request to the gateway (instead of Next.js). */
export function isGatewayUrl(url: string | undefined): boolean {
  if (!url) return false;
  return url === GATEWAY_PREFIX || url.startsWith(`${GATEWAY_PREFIX}/`) || url.startsWith(`${GATEWAY_PREFIX}?`);
}

function isDotSegment(segment: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return true; // broken escapes are refused with the dot segments
  }
  return decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\');
}

export function parseGatewayUrl(url: string): ParsedGatewayUrl {
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const search = queryAt === -1 ? '' : url.slice(queryAt);
  const [, prefix, tenant, name, ...rest] = pathname.split('/');
  if (`/${prefix}` !== GATEWAY_PREFIX || !tenant || !name) {
    return { problem: 'not-found', message: 'Cubby serves each vCluster at /kube/TENANT/NAME.' };
  }
  // Anything that is not a plain name is answered like a vCluster that does not exist.
  if (!NAME.test(tenant) || !NAME.test(name)) return { problem: 'not-found', message: `vCluster ${tenant.slice(0, 63)}/${name.slice(0, 63)} not found` };
  if (rest.some(isDotSegment)) return { problem: 'bad-path', message: 'the path must not contain "." or ".." segments or encoded slashes' };
  return { target: { tenant, name, path: `/${rest.join('/')}`, search } };
}
