// The vCluster runtime daemon, started by `sandbox up` (see sandbox/daemons.ts). It reads the
// sandbox named by CUBBY_SANDBOX_DIR and runs until SIGTERM; `sandbox down` signals its whole
// process group, which also holds the control planes it started.
import { readState, sandboxDir } from '../host/state';
import { Runtime } from './runtime';

async function main(): Promise<void> {
  const dir = sandboxDir();
  const state = readState(dir);
  if (!state) throw new Error(`no sandbox state in ${dir}`);
  const runtime = new Runtime({ state, sandboxDir: dir });

  let stopping = false;
  const shutdown = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`${new Date().toISOString()} vcluster-runtime: ${signal}, stopping control planes`);
    runtime.stop().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error(`vcluster-runtime: stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Every async path handles its own errors; one that slips through is worth a line, not an exit.
  process.on('unhandledRejection', (reason) => {
    console.error(`vcluster-runtime: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  // A bug must not leave control planes running without anyone to stop them.
  process.on('uncaughtException', (error) => {
    console.error(`vcluster-runtime: uncaught ${error.stack ?? error.message}`);
    shutdown('uncaught exception', 1);
  });

  await runtime.start();
}

main().catch((error: unknown) => {
  console.error(`vcluster-runtime: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
