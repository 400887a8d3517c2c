// The dashboard against the sandbox: `npm run sandbox` (next dev, after starting the sandbox) and
// `tsx sandbox/cli.ts serve` (the standalone server.js of `npm run build`, the artifact the image
// ships, for the tests).
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
import { cubbyPodEnv, mintCubbyToken } from './cubby-identity';
import { SANDBOX_CONTEXT } from './host/kubeconfig-file';
import { completeStandalone, standaloneLayout } from '../scripts/standalone';
import { frontDoor, frontDoorPort, openFrontDoor } from './tls-front-door';

function sessionSecret(dir: string): string {
  const file = join(dir, 'nextauth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8');
}

function gatewayEnv(dir: string, port: number): Record<string, string> {
  const door = frontDoor(dir, port);
  return { CUBBY_GATEWAY_URL: door.url, CUBBY_GATEWAY_CA_FILE: door.caFile };
}

/** Settings the dashboard needs to run against this sandbox (see the README's configuration). */
export function dashboardEnv(state: SandboxState, port: number): NodeJS.ProcessEnv {
  const dir = sandboxDir();
  const baseUrl = `http://localhost:${port}`;
  const provider = readProviderRecord(dir);
  if (provider) registerDashboard(dir, baseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Cubby authenticates as its chart's ServiceAccount, loaded the in-cluster way
  // (cubby-identity.ts); a kubeconfig in the environment would win over that.
  delete env.KUBECONFIG;
  delete env.CUBBY_KUBECONFIG;
  delete env.CUBBY_KUBE_CONTEXT;
  return {
    ...env,
    ...cubbyPodEnv(state, dir),
    PORT: String(port),
    // Downloaded kubeconfigs name the host as the sandbox's own kubeconfig does.
    CUBBY_HOST_CONTEXT: SANDBOX_CONTEXT,
    CUBBY_LOCAL_ACCOUNTS_FILE: accountsFile(dir),
    CUBBY_CHART_DIR: join(projectRoot, 'sandbox', 'charts', 'vcluster'),
    CUBBY_HELM_BIN: join(state.binDir, 'helm'),
    // More chart versions for admins' chart upgrades (e2e/chart-upgrade.spec.ts copies some here).
    CUBBY_CHART_VERSIONS_DIR: join(dir, 'chart-versions'),
    // The runtime writes a kubeconfig whose server the sandbox machine can reach.
    CUBBY_VCLUSTER_ACCESS: 'secret-server',
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: sessionSecret(dir),
    // kubectl reaches the gateway through the sandbox's TLS front door (tls-front-door.ts).
    ...gatewayEnv(dir, port),
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

/** Runs the dashboard with the sandbox's TLS front door before it, for as long as it runs. */
async function node(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const port = Number(env.PORT);
  const door = await openFrontDoor(frontDoor(sandboxDir(), port), frontDoorPort(port), port);
  try {
    return await runNode(args, env);
  } finally {
    door.close();
  }
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: 'inherit', env });
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
  console.log(`cubby: dashboard on http://localhost:${port}, vCluster gateway for kubectl on ${frontDoor(sandboxDir(), port).url}  (Ctrl-C stops it; npm run sandbox:down stops the sandbox)`);
  return node([join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'dev', '--port', String(port)], dashboardEnv(result.state, port));
}

/**
 * The standalone server of an existing `npm run build` (CUBBY_NEXT_DIST_DIR) against the running
 * sandbox: the same server.js, static files and post-renderer the image ships (the Dockerfile
 * copies that directory), so the tests run what is installed.
 */
export async function serveDashboard(port: number): Promise<number> {
  // A fresh token for Cubby's ServiceAccount: the sandbox may have outlived the last one.
  await mintCubbyToken(runningSandbox(), sandboxDir());
  const layout = standaloneLayout(projectRoot);
  try {
    // What `npm run build` does after next build (idempotent, under a second), so that a plain
    // `next build` serves as well.
    completeStandalone(projectRoot);
  } catch (error) {
    console.error(`cubby: no standalone build to serve (${(error as Error).message})`);
    return 1;
  }
  return node([layout.serverJs], {
    ...dashboardEnv(runningSandbox(), port),
    // server.js listens on HOSTNAME (next start listened everywhere); the sandbox's dashboard
    // holds admin rights on the sandbox host, so only this machine may reach it.
    HOSTNAME: '127.0.0.1',
    // server.js chdirs to its own directory; say where the post-renderer is all the same, as the
    // image does.
    CUBBY_HELM_POST_RENDERER: layout.postRenderer,
  });
}

/** Local accounts, then the identity provider's users. */
export function storedCredentials(): SandboxCredential[] | undefined {
  const file = credentialsFile(sandboxDir());
  if (!existsSync(file)) return undefined;
  return [...(JSON.parse(readFileSync(file, 'utf8')) as SandboxCredential[]), ...storedSsoCredentials(sandboxDir())];
}
