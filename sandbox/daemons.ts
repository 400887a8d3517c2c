// Daemons the sandbox runs beside the host cluster once it is Ready: the vCluster runtime
// (sandbox/vcluster-runtime), which brings helm-rendered vClusters alive, and an OpenID Connect
// provider (sandbox/oidc) for single sign-on.
import { join } from 'node:path';
import { startDetached, stopProcesses, type RunningProcess } from './host/processes';
import { projectRoot, sandboxDir, type SandboxState } from './host/state';
import { startIdentityProvider } from './oidc/daemon';

export async function startSandboxDaemons(_state: SandboxState): Promise<RunningProcess[]> {
  const dir = sandboxDir();
  const runtime = startDetached(
    'vcluster-runtime',
    process.execPath,
    [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(projectRoot, 'sandbox', 'vcluster-runtime', 'main.ts')],
    join(dir, 'logs', 'vcluster-runtime.log'),
    { ...process.env, CUBBY_SANDBOX_DIR: dir },
  );
  try {
    return [runtime, await startIdentityProvider(dir)];
  } catch (error) {
    await stopProcesses([runtime]);
    throw error;
  }
}
