// Starts the sandbox's daemons detached (each its own process group, output to a log file), so
// they outlive the `up` command, and stops them later by the pids recorded in the state file.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export interface RunningProcess {
  name: string;
  pid: number;
  log: string;
}

export function startDetached(name: string, command: string, args: string[], log: string, env: NodeJS.ProcessEnv = process.env): RunningProcess {
  const out = openSync(log, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    child.unref();
    return { name, pid: child.pid, log };
  } finally {
    closeSync(out);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL whatever is still there after `graceMs`. */
export async function stopProcesses(processes: RunningProcess[], graceMs = 5_000): Promise<void> {
  for (const p of processes) signalGroup(p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processes.some((p) => isAlive(p.pid))) await sleep(100);
  for (const p of processes) if (isAlive(p.pid)) signalGroup(p.pid, 'SIGKILL');
  while (processes.some((p) => isAlive(p.pid))) await sleep(50);
}
