// For integration tests: the running sandbox named by CUBBY_SANDBOX_DIR (default `.sandbox`).
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
