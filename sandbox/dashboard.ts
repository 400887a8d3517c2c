// The dashboard against the sandbox: `npm run sandbox` (next dev, after starting the sandbox) and
// `tsx sandbox/cli.ts serve` (next start of a build, for the tests).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, sandboxDir, type SandboxState } from './host/state';
import { readProviderRecord, registerDashboard } from './oidc/directory';
import { storedSsoCredentials } from './oidc/daemon';
import { accountsFile, credentialsFile, type SandboxCredential } from './seed';
import { printCredentials, startSandbox } from './start';
import { runningSandbox } from './testing';

function sessionSecret(dir: string): string {
  const file = join(dir, 'nextauth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8');
}

/** Settings the dashboard needs to run against this sandbox (see the README's configuration). */
export function dashboardEnv(state: SandboxState, port: number): NodeJS.ProcessEnv {
  const dir = sandboxDir();
  const baseUrl = `http://localhost:${port}`;
  const provider = readProviderRecord(dir);
  if (provider) registerDashboard(dir, baseUrl);
  return {
    ...process.env,
    PORT: String(port),
    CUBBY_KUBECONFIG: state.kubeconfig,
    CUBBY_LOCAL_ACCOUNTS_FILE: accountsFile(dir),
    CUBBY_CHART_DIR: join(projectRoot, 'sandbox', 'charts', 'vcluster'),
    CUBBY_HELM_BIN: join(state.binDir, 'helm'),
    // The runtime writes a kubeconfig whose server the sandbox machine can reach.
    CUBBY_VCLUSTER_ACCESS: 'secret-server',
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: sessionSecret(dir),
    ...(provider
      ? {
          CUBBY_OIDC_ISSUER: provider.issuer,
          CUBBY_OIDC_CLIENT_ID: provider.clientId,
          CUBBY_OIDC_CLIENT_SECRET: provider.clientSecret,
          CUBBY_OIDC_NAME: 'Sandbox identity provider',
          CUBBY_OIDC_EXTRA_SCOPES: 'groups',
        }
      : {}),
  };
}

function next(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), ...args], { cwd: projectRoot, stdio: 'inherit', env });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

export async function runDashboard(): Promise<number> {
  const result = await startSandbox();
  console.log(result.alreadyRunning ? 'sandbox: already running' : `sandbox: up in ${result.seconds.toFixed(1)} s`);
  printCredentials(result.credentials ?? storedCredentials());
  const port = Number(process.env.PORT ?? 3000);
  console.log(`cubby: dashboard on http://localhost:${port}  (Ctrl-C stops it; npm run sandbox:down stops the sandbox)`);
  return next(['dev', '--port', String(port)], dashboardEnv(result.state, port));
}

/** `next start` of an existing build against the running sandbox. */
export async function serveDashboard(port: number): Promise<number> {
  return next(['start', '--port', String(port)], dashboardEnv(runningSandbox(), port));
}

/** Local accounts, then the identity provider's users. */
export function storedCredentials(): SandboxCredential[] | undefined {
  const file = credentialsFile(sandboxDir());
  if (!existsSync(file)) return undefined;
  return [...(JSON.parse(readFileSync(file, 'utf8')) as SandboxCredential[]), ...storedSsoCredentials(sandboxDir())];
}
