// `npm run sandbox:up|down|status` and `npm run sandbox` (host, vCluster runtime and dashboard).
import { down, runningProcesses } from './host/host';
import { readState, sandboxDir } from './host/state';
import { printCredentials, startSandbox } from './start';
import { runDashboard, serveDashboard, storedCredentials } from './dashboard';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const result = await startSandbox();
      if (result.alreadyRunning) {
        console.log(`sandbox: already running in ${sandboxDir()} (kubeconfig ${result.state.kubeconfig}); nothing started`);
      } else {
        console.log(`sandbox: up in ${result.seconds.toFixed(1)} s`);
        console.log(`sandbox: kubeconfig ${result.state.kubeconfig}`);
        console.log(`sandbox: try  KUBECONFIG=${result.state.kubeconfig} ${result.state.binDir}/kubectl get nodes`);
        printCredentials(result.credentials);
      }
      return 0;
    }
    case 'down': {
      const { stopped } = await down();
      console.log(stopped.length > 0 ? `sandbox: stopped ${stopped.join(', ')}; state removed` : 'sandbox: nothing was running; state removed');
      return 0;
    }
    case 'status': {
      const state = readState();
      const alive = runningProcesses(state);
      if (!state || alive.length === 0) {
        console.log(`sandbox: not running (${sandboxDir()})`);
        return 1;
      }
      console.log(`sandbox: running since ${state.startedAt}${state.readyAt ? `, ready at ${state.readyAt}` : ', not ready yet'}`);
      console.log(`  kube-apiserver ${state.apiserverUrl}`);
      console.log(`  kubeconfig     ${state.kubeconfig}`);
      for (const p of state.processes) {
        console.log(`  ${p.name.padEnd(24)} pid ${String(p.pid).padEnd(8)} ${alive.includes(p) ? 'running' : 'STOPPED'}  log ${p.log}`);
      }
      return alive.length === state.processes.length ? 0 : 1;
    }
    case 'run':
      return runDashboard();
    case 'serve':
      return serveDashboard(Number(process.argv[3] ?? process.env.PORT ?? 3000));
    case 'credentials':
      printCredentials(storedCredentials());
      return 0;
    default:
      console.error('usage: tsx sandbox/cli.ts up|down|status|run|serve [port]|credentials');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
