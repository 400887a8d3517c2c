// Control-plane processes of the runtime. Not detached: they stay in the runtime's process
// group, so `sandbox down`, which signals that group, ends them together with the runtime.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code, or the signal that ended the process. */
  exited: Promise<number | string | null>;
  /** True once stop() was asked for, so an exit is not reported as a crash. */
  stopping: boolean;
}

export function startChild(name: string, command: string, args: string[], log: string, onUnexpectedExit: (code: number | string | null) => void): Child {
  const out = openSync(log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', out, out], env: process.env });
  } finally {
    closeSync(out);
  }
  const handle: Child = {
    name,
    process: child,
    stopping: false,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? signal));
      child.on('error', () => resolve(null));
    }),
  };
  void handle.exited.then((code) => {
    if (!handle.stopping) onUnexpectedExit(code);
  });
  return handle;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  child.stopping = true;
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
