// Daemons the sandbox runs beside the host cluster once it is Ready: the vCluster runtime
// (sandbox/vcluster-runtime), which brings helm-rendered vClusters alive.
import { join } from 'node:path';
import { startDetached, type RunningProcess } from './host/processes';
import { projectRoot, sandboxDir, type SandboxState } from './host/state';

export function startSandboxDaemons(_state: SandboxState): RunningProcess[] {
  const dir = sandboxDir();
  const runtime = startDetached(
    'vcluster-runtime',
    process.execPath,
    [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(projectRoot, 'sandbox', 'vcluster-runtime', 'main.ts')],
    join(dir, 'logs', 'vcluster-runtime.log'),
    { ...process.env, CUBBY_SANDBOX_DIR: dir },
  );
  return [runtime];
}
