// The dashboard against the sandbox: `npm run sandbox` (next dev, after starting the sandbox) and
// `tsx sandbox/cli.ts serve` (next start of a build, for the tests).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, sandboxDir, type SandboxState } from './host/state';
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
  return {
    ...process.env,
    PORT: String(port),
    CUBBY_KUBECONFIG: state.kubeconfig,
    CUBBY_LOCAL_ACCOUNTS_FILE: accountsFile(dir),
    CUBBY_CHART_DIR: join(projectRoot, 'sandbox', 'charts', 'vcluster'),
    CUBBY_HELM_BIN: join(state.binDir, 'helm'),
    // The runtime writes a kubeconfig whose server the sandbox machine can reach.
    CUBBY_VCLUSTER_ACCESS: 'secret-server',
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXTAUTH_SECRET: sessionSecret(dir),
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

export function storedCredentials(): SandboxCredential[] | undefined {
  const file = credentialsFile(sandboxDir());
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxCredential[]) : undefined;
}
