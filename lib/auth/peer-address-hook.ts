// The TCP peer of each request, as a header the route handlers can trust.
//
// Next.js hands route handlers a Web Request without the socket, and fills X-Forwarded-For from
// the socket only when the client did not send one (`??=`), so a client that sends its own
// X-Forwarded-For hides its address. This hook runs before Next.js sees a request: it writes the
// socket's address into PEER_ADDRESS_HEADER, replacing anything the client sent under that
// name. client-address.ts then decides from the peer whether forwarded headers count
// (CUBBY_TRUSTED_PROXIES).
//
// It wraps `emit` of node's HTTP(S) server prototypes because `next start` creates its server
// itself; instrumentation.ts installs it once at start-up, before the first request is served.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';

export const PEER_ADDRESS_HEADER = 'x-cubby-peer-address';
const INSTALLED = Symbol.for('cubby.peer-address-hook');

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/** Sets the header on one request; exported for tests. */
export function stampPeerAddress(request: IncomingMessage): void {
  request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? '';
}

export function installPeerAddressHook(): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as Array<Record<string | symbol, unknown>>) {
    if (proto[INSTALLED]) continue;
    const original = proto.emit as Emit;
    const emit: Emit = function (this: unknown, event, ...args) {
      if (event === 'request') stampPeerAddress(args[0] as IncomingMessage);
      return original.call(this, event, ...args);
    };
    proto.emit = emit;
    proto[INSTALLED] = true;
  }
}
