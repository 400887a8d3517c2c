// `npm run sandbox`: the sandbox host, then the dashboard in the foreground.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { up } from './host/host';
import { projectRoot } from './host/state';
import { startSandboxDaemons } from './daemons';

export async function runDashboard(): Promise<number> {
  const result = await up({ extraDaemons: startSandboxDaemons });
  console.log(result.alreadyRunning ? 'sandbox: host already running' : `sandbox: host up in ${result.seconds.toFixed(1)} s`);
  const port = process.env.PORT ?? '3000';
  const next = join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [next, 'dev', '--port', port], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, KUBECONFIG: result.state.kubeconfig },
  });
  console.log(`cubby: dashboard on http://localhost:${port}  (npm run sandbox:down stops the host)`);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
