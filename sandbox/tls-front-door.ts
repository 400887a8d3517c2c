// The sandbox's stand-in for the ingress in front of Cubby: TLS on its own port, every byte passed
// to the dashboard's plain-HTTP port. kubectl sends bearer tokens only over TLS, so the gateway's
// kubeconfigs need an https address; on a real cluster the ingress (or Cubby's own TLS) gives it.
// Passing raw TCP after the handshake carries upgraded connections (exec, port-forward) as an
// ingress controller does.
import { existsSync } from 'node:fs';
import { connect, type Server } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:tls';
import { ensureCertificateAuthority, issueCertificate } from './host/pki';

/** Where the front door of a dashboard on `port` listens, unless CUBBY_SANDBOX_GATEWAY_PORT says. */
export function frontDoorPort(port: number, env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.CUBBY_SANDBOX_GATEWAY_PORT ?? port + 1000);
}

export interface FrontDoor {
  url: string;
  caFile: string;
}

/** The front door's address and CA, issuing its certificate on first use. */
export function frontDoor(sandbox: string, port: number): FrontDoor & { cert: string; key: string } {
  const pkiDir = join(sandbox, 'pki');
  const ca = ensureCertificateAuthority(pkiDir);
  const cert = join(pkiDir, 'front-door.crt');
  const paths = existsSync(cert)
    ? { cert, key: join(pkiDir, 'front-door.key') }
    : issueCertificate(pkiDir, 'front-door', ca, { commonName: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], usage: 'server' });
  return { url: `https://localhost:${frontDoorPort(port)}`, caFile: ca.cert, ...paths };
}

export function openFrontDoor(door: { cert: string; key: string }, listenPort: number, dashboardPort: number): Promise<Server> {
  // No Nagle on either side, as an ingress sets tcp_nodelay: Node's net sockets keep it on, and a
  // response written in two pieces (headers, then body) then waited for a delayed ACK, ~40 ms a
  // request through the gateway (bench/gateway.ts: 44 ms against 2.6 ms on Cubby's own port).
  const server = createServer({ cert: readFileSync(door.cert), key: readFileSync(door.key), noDelay: true }, (client) => {
    const upstream = connect({ port: dashboardPort, host: '127.0.0.1', noDelay: true });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve(server));
  });
}
