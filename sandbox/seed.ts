// What a fresh sandbox starts with so the dashboard can be used at once: local accounts (an
// admin and one user in each of two tenants, random passwords), a template, and the tenants.
// Seeding goes through Cubby's own tenancy code, as an admin would.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import { hashPassword } from '@/lib/auth/password-hash';
import { ensureCubbyCrds } from '@/lib/tenancy/crds';
import { createTemplate, findTemplate } from '@/lib/tenancy/template-store';
import { createTenant, findTenant } from '@/lib/tenancy/tenant-store';
import type { SandboxState } from './host/state';

export interface SandboxCredential {
  username: string;
  password: string;
  groups: string[];
  role: string;
}

export const SANDBOX_TEMPLATE = 'standard';
export const SANDBOX_TENANTS = [
  { tenant: 'tenant-a', user: 'alice', displayName: 'Tenant A' },
  { tenant: 'tenant-b', user: 'bob', displayName: 'Tenant B' },
] as const;

export function accountsFile(dir: string): string {
  return join(dir, 'accounts.json');
}

export function credentialsFile(dir: string): string {
  return join(dir, 'credentials.json');
}

function writeAccounts(dir: string): SandboxCredential[] {
  const password = () => randomBytes(9).toString('base64url');
  const credentials: SandboxCredential[] = [
    { username: 'admin', password: password(), groups: ['cubby:admins'], role: 'admin' },
    ...SANDBOX_TENANTS.map(({ tenant, user }) => ({ username: user, password: password(), groups: [`${tenant}:members`], role: `member of ${tenant}` })),
  ];
  const accounts = credentials.map((c) => ({ username: c.username, passwordHash: hashPassword(c.password), groups: c.groups }));
  writeFileSync(accountsFile(dir), `${JSON.stringify({ accounts }, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(credentialsFile(dir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

export async function seedSandbox(state: SandboxState, dir: string): Promise<SandboxCredential[]> {
  const credentials = writeAccounts(dir);
  const kc = new KubeConfig();
  kc.loadFromFile(state.kubeconfig);
  const client = new KubeClient(kc);
  try {
    await ensureCubbyCrds(client);
    if (!(await findTemplate(client, SANDBOX_TEMPLATE))) {
      await createTemplate(client, {
        name: SANDBOX_TEMPLATE,
        spec: {
          displayName: 'Standard',
          description: 'The chart defaults with network isolation; tenants may switch ingress and node sync.',
          // The chart's own NetworkPolicies: workloads reach their vCluster and the internet, no other namespace.
          baseValues: { policies: { networkPolicy: { enabled: true } } },
          podSecurityLevel: 'baseline',
          allowedOptions: ['ingressSync', 'nodeSync.enabled', 'nodeSync.selector.all', 'nodeSync.selector.labels'],
        },
      });
    }
    for (const { tenant, user, displayName } of SANDBOX_TENANTS) {
      if (await findTenant(client, tenant)) continue;
      await createTenant(client, {
        name: tenant,
        spec: {
          displayName,
          members: { users: [user], groups: [`${tenant}:members`] },
          quota: { maxVClusters: 3, cpu: '8', memory: '16Gi', pods: 50 },
          templates: [SANDBOX_TEMPLATE],
          // Each tenant's own ingress host names on the shared controller, and no one else's.
          ingressHosts: [`*.${tenant}.apps.example.test`],
        },
      });
    }
  } finally {
    client.close();
  }
  return credentials;
}
