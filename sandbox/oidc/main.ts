// The sandbox identity provider as a daemon: `CUBBY_SANDBOX_DIR=... CUBBY_OIDC_PORT=... tsx sandbox/oidc/main.ts`.
import { createServer } from 'node:http';
import { sandboxDir } from '../host/state';
import { handleInteraction } from './login-interaction';
import { createProvider } from './provider';

const port = Number(process.env.CUBBY_OIDC_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('CUBBY_OIDC_PORT must be a port number');
const dir = sandboxDir();
const issuer = `http://127.0.0.1:${port}`;
const provider = createProvider(dir, issuer);
const serveProvider = provider.callback();

const server = createServer((req, res) => {
  handleInteraction(provider, dir, req, res).then(
    (handled) => {
      if (!handled) serveProvider(req, res);
    },
    (error: unknown) => {
      console.error(`oidc: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    },
  );
});
server.listen(port, '127.0.0.1', () => console.log(`oidc: provider ${issuer} ready`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
