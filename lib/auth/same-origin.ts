// CSRF defence for cookie-authenticated changes: browsers attach the session cookie to
// cross-site requests too, so a change made with it must come from one of Cubby's own pages.
// Browsers say where a request comes from (Origin, Sec-Fetch-Site); scripts with an API token
// are not affected (route.ts calls this only for sessions). Every refusal is a reason string,
// never an exception from parsing: `Origin: null` or garbage is a plain "no".
import { requestOrigin } from './client-address';

function parseOrigin(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function configuredOrigin(): string | undefined {
  const configured = process.env.NEXTAUTH_URL;
  return configured ? parseOrigin(configured)?.origin : undefined;
}

/** Why the request is refused, or undefined when it comes from Cubby's own pages. */
export function crossSiteRefusal(request: Request): string | undefined {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return 'cross-site request refused';
  const origin = request.headers.get('origin');
  if (origin === null) {
    return site ? undefined : 'request without Origin refused; send it from the Cubby page or use an API token';
  }
  const url = parseOrigin(origin);
  if (!url) return `request from origin '${origin.slice(0, 100)}' refused; send it from the Cubby page or use an API token`;
  if (url.origin === configuredOrigin()) return undefined;
  const { host, protocol } = requestOrigin(request);
  if (host && url.host === host.toLowerCase() && (!protocol || url.protocol === `${protocol}:`)) return undefined;
  return 'cross-site request refused';
}
