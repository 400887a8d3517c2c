// Everything `sandbox:up` starts: the host cluster, the vCluster runtime, Cubby's chart and
// ServiceAccount token (cubby-identity.ts), and the seed (accounts, a template, two tenants) that
// the dashboard needs.
import { installCubbyChart, mintCubbyToken } from './cubby-identity';
import { up, type UpResult } from './host/host';
import { sandboxDir } from './host/state';
import { startSandboxDaemons } from './daemons';
import { storedSsoCredentials } from './oidc/daemon';
import { seedSandbox, type SandboxCredential } from './seed';

export async function startSandbox(): Promise<UpResult & { credentials?: SandboxCredential[] }> {
  const result = await up({ extraDaemons: startSandboxDaemons });
  const dir = sandboxDir();
  if (result.alreadyRunning) {
    await mintCubbyToken(result.state, dir);
    return result;
  }
  // Cubby's own identity first: its chart brings the CRDs and policies the seed writes through.
  installCubbyChart(result.state);
  await mintCubbyToken(result.state, dir);
  return { ...result, credentials: [...(await seedSandbox(result.state, dir)), ...storedSsoCredentials(dir)] };
}

export function printCredentials(credentials: SandboxCredential[] | undefined): void {
  if (!credentials) return;
  console.log('sandbox: sign in to the dashboard with a local account, or choose "Sandbox identity provider" and use a single sign-on user:');
  for (const c of credentials) console.log(`  ${c.username.padEnd(8)} ${c.password.padEnd(14)} (${c.role})`);
}
