// For integration tests: the running sandbox named by CUBBY_SANDBOX_DIR (default `.sandbox`).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { cubbyKubeConfig } from './cubby-identity';
import { runningProcesses } from './host/host';
import { readState, sandboxDir, type SandboxState } from './host/state';

export function runningSandbox(): SandboxState {
  const state = readState();
  if (!state?.readyAt || runningProcesses(state).length === 0) {
    throw new Error(`no running sandbox in ${sandboxDir()}: run \`npm run sandbox:up\` (or \`npm test\`, which starts one)`);
  }
  return state;
}

/** Cubby's own identity on the sandbox: its chart's ServiceAccount (cubby-identity.ts). */
export function sandboxCubbyKubeConfig(): KubeConfig {
  return cubbyKubeConfig(runningSandbox(), sandboxDir());
}

/** The sandbox admin (`system:masters`): for tests' set-up and checks, never for Cubby's own calls. */
export function sandboxKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(runningSandbox().kubeconfig);
  return kc;
}

/** A namespace name unique to one test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Resolves with all of a child's output so far once `pattern` appears in it (kubectl logs -f, port-forward). */
export function outputMatching(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in the output within ${timeoutMs} ms: ${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!pattern.test(seen)) {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before ${pattern}: ${seen}`));
      }
    });
  });
}

/**
 * Waits for `kubectl port-forward` to say where it listens, sends `text` through that port and
 * resolves with the first answer (every sandbox pod port but a vCluster's 8443 echoes).
 */
export async function echoThroughPortForward(portForward: ChildProcessWithoutNullStreams, text: string): Promise<string> {
  const pattern = /Forwarding from 127\.0\.0\.1:(\d+)/;
  const port = Number(pattern.exec(await outputMatching(portForward, pattern))![1]);
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (chunk) => {
      resolve(chunk.toString('utf8'));
      socket.destroy();
    });
    socket.once('error', reject);
  });
}
