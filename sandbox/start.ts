// Everything `sandbox:up` starts: the host cluster, the vCluster runtime, and the seed (accounts,
// a template, two tenants) that the dashboard needs.
import { up, type UpResult } from './host/host';
import { sandboxDir } from './host/state';
import { startSandboxDaemons } from './daemons';
import { seedSandbox, type SandboxCredential } from './seed';

export async function startSandbox(): Promise<UpResult & { credentials?: SandboxCredential[] }> {
  const result = await up({ extraDaemons: startSandboxDaemons });
  if (result.alreadyRunning) return result;
  return { ...result, credentials: await seedSandbox(result.state, sandboxDir()) };
}

export function printCredentials(credentials: SandboxCredential[] | undefined): void {
  if (!credentials) return;
  console.log('sandbox: sign in to the dashboard with');
  for (const c of credentials) console.log(`  ${c.username.padEnd(8)} ${c.password.padEnd(14)} (${c.role})`);
}
