// Puts the gateway in front of Next.js on Cubby's own HTTP server, so the vCluster APIs share
// Cubby's origin, port, TLS and ingress with nothing to configure. Next.js route handlers cannot
// take over a connection (no upgrade, no raw socket) and standalone output cannot run a custom
// server, so, as peer-address-hook.ts does, this wraps `emit` of node's server prototypes:
// `request` and `upgrade` events whose path is under /kube are handled by the gateway and never
// reach Next.js; everything else goes on unchanged. instrumentation.ts installs it at start-up.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isGatewayUrl } from './gateway-path';

const INSTALLED = Symbol.for('cubby.gateway-hook');

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

export interface GatewayHandlers {
  handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

export function installGateway(gateway: () => GatewayHandlers): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as Array<Record<string | symbol, unknown>>) {
    if (proto[INSTALLED]) continue;
    const original = proto.emit as Emit;
    const emit: Emit = function (this: unknown, event, ...args) {
      if (event === 'request' || event === 'upgrade') {
        const req = args[0] as IncomingMessage;
        if (isGatewayUrl(req.url)) {
          const handled = event === 'request' ? gateway().handleRequest(req, args[1] as ServerResponse) : gateway().handleUpgrade(req, args[1] as Duplex, args[2] as Buffer);
          handled.catch(() => (args[1] as { destroy(): void }).destroy());
          return true;
        }
      }
      return original.call(this, event, ...args);
    };
    proto.emit = emit;
    proto[INSTALLED] = true;
  }
}
