// The yardstick for bench/gateway.ts: the least a Node proxy in front of a vCluster can cost. Plain
// HTTP in, the request streamed to the vCluster's server over kept-alive TLS with the credential of
// a kubeconfig, the answer streamed back; no authentication, no authorization, no audit. Run in a
// process of its own (as Cubby is): `tsx bench/bare-relay.ts KUBECONFIG PORT`; prints `listening`.
import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Agent, request, type RequestOptions } from 'node:https';

async function main(): Promise<void> {
  const [file, port] = process.argv.slice(2);
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(file!, 'utf8'));
  const opts: RequestOptions & { headers: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts as never);
  const server = new URL(kc.getCurrentCluster()!.server);
  const agent = new Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key });
  const relay = createServer((req, res) => {
    const { authorization: _drop, host: _host, connection: _connection, ...passed } = req.headers;
    const upstream = request({ hostname: server.hostname, port: server.port, path: req.url, method: req.method, agent, headers: { ...passed, ...opts.headers } }, (answer) => {
      const { connection: _c, 'transfer-encoding': _t, ...headers } = answer.headers;
      res.writeHead(answer.statusCode ?? 502, headers);
      // As Cubby's relay does: a watch's headers go out before its first event.
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  relay.listen(Number(port), '127.0.0.1', () => console.log('listening'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
