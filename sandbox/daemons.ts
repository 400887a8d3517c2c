// Daemons the sandbox runs beside the host cluster once it is Ready. The vCluster runtime
// (issue "Sandbox, part 2") registers here.
import type { RunningProcess } from './host/processes';
import type { SandboxState } from './host/state';

export function startSandboxDaemons(_state: SandboxState): RunningProcess[] {
  return [];
}
