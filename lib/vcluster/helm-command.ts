import 'server-only';
// Runs the helm binary: arguments as an array (never a shell), values on stdin, a time limit, and
// both streams kept so callers can turn helm's messages into typed errors.
import { spawn } from 'node:child_process';

export interface HelmRun {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

export interface HelmOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  cwd?: string;
}

export class HelmNotFoundError extends Error {
  constructor(readonly binary: string, options?: { cause?: unknown }) {
    super(`helm binary '${binary}' was not found; install helm or set CUBBY_HELM_BIN`, options);
    this.name = 'HelmNotFoundError';
  }
}

export function runHelm(binary: string, args: readonly string[], options: HelmOptions = {}): Promise<HelmRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new HelmNotFoundError(binary, { cause: error }) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const run: HelmRun = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? -1,
        durationMs: performance.now() - started,
      };
      if (timedOut) reject(new Error(`helm ${args[0] ?? ''} timed out after ${options.timeoutMs ?? 60_000} ms`));
      else resolve(run);
    });
    // A closed stdin (helm not reading it) must not crash the process.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
