// Where a sandbox keeps its state, and the record of what it started. Other tools (tests, the
// vCluster runtime, benchmarks) read the same record to find the sandbox.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningProcess } from './processes';

export interface SandboxState {
  binDir: string;
  kubeconfig: string;
  apiserverUrl: string;
  etcdUrl: string;
  pkiDir: string;
  startedAt: string;
  readyAt?: string;
  processes: RunningProcess[];
  /** kwok's kubelet API on 127.0.0.1 (every fake node's kubelet endpoint). */
  kubeletPort?: number;
  /** The container log kwok shows for every pod (sandbox/host/kwok-kubelet.ts). */
  containerLog?: string;
}

const projectRoot = resolve(__dirname, '..', '..');

/** `CUBBY_SANDBOX_DIR` (relative to the project) or `.sandbox`. */
export function sandboxDir(): string {
  return resolve(projectRoot, process.env.CUBBY_SANDBOX_DIR ?? '.sandbox');
}

export function statePath(dir = sandboxDir()): string {
  return join(dir, 'state.json');
}

export function readState(dir = sandboxDir()): SandboxState | undefined {
  const path = statePath(dir);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as SandboxState;
}

export function writeState(state: SandboxState, dir = sandboxDir()): void {
  writeFileSync(statePath(dir), `${JSON.stringify(state, null, 2)}\n`);
}

export { projectRoot };
