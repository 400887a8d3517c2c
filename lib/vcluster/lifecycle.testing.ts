// Test helpers for the lifecycle integration tests: the sandbox as Cubby's host, the test chart
// with the sandbox's helm, tenants and templates made up per test run, and a snapshot of the host
// to prove that a refused request changed nothing.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KubernetesObject, V1Namespace, V1Pod } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import type { Identity } from '@/lib/kube/identity';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import { runningSandbox, sandboxCubbyKubeConfig, sandboxKubeConfig } from '@/sandbox/testing';
import type { ChartSettings } from './chart-source';
import { runHelm } from './helm-command';
import type { LifecycleDeps } from './lifecycle-deps';
import type { TenantOptionId } from './sync-options';
import type { ChartValues } from './values-tree';

export const TEST_CHART_DIR = resolve(__dirname, '../../sandbox/charts/vcluster');

export function testChartSettings(): ChartSettings {
  return {
    source: { kind: 'directory', path: TEST_CHART_DIR },
    helmBinary: findHelmBinary(),
    // A directory source is read in place; the cache directory is never written.
    cacheDir: join(tmpdir(), 'cubby-lifecycle-charts'),
  };
}

/** Cubby's deps as Cubby runs on the sandbox: authenticated as its chart's ServiceAccount. */
export function sandboxDeps(): LifecycleDeps {
  return { client: new KubeClient(sandboxCubbyKubeConfig()), chart: testChartSettings() };
}

/** The sandbox admin, for a test's own set-up and checks (never for the code under test). */
export function sandboxAdmin(): KubeClient {
  return new KubeClient(sandboxKubeConfig());
}

/** Whether the sandbox runs the vCluster runtime (rendered vClusters come alive). */
export function runtimeRunning(): boolean {
  return runningSandbox().processes.some((p) => p.name === 'vcluster-runtime');
}

/** A short unique tenant name (tenant names are at most 18 characters). */
export function tenantName(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`;
}

export function testTenant(overrides: { name?: string; templates?: string[]; maxVClusters?: number } = {}): Tenant {
  const name = overrides.name ?? tenantName();
  return {
    name,
    spec: {
      members: { users: [`${name}-alice`], groups: [`${name}:devs`] },
      quota: { maxVClusters: overrides.maxVClusters ?? 3, cpu: '8', memory: '16Gi', pods: 50 },
      templates: overrides.templates ?? ['standard'],
    },
  };
}

export function testTemplate(name = 'standard', allowed: TenantOptionId[] = ['ingressSync', 'nodeSync.enabled'], baseValues: ChartValues = {}): Template {
  return { name, spec: { baseValues, allowedOptions: allowed } };
}

/** A member of the tenant as the API server sees them: by user name. */
export function memberOf(tenant: Tenant): Identity {
  return { user: tenant.spec.members.users[0]!, groups: ['system:authenticated'] };
}

/** A member by group only (their user name appears nowhere in the tenant). */
export function groupMemberOf(tenant: Tenant): Identity {
  return { user: `someone-in-${tenant.name}`, groups: ['system:authenticated', tenant.spec.members.groups[0]!] };
}

export interface HostSnapshot {
  namespaces: string[];
  clusterRoles: string[];
  clusterRoleBindings: string[];
}

/**
 * Names of the host objects a creation for these tenants could add; compare two to prove "unchanged".
 * Only the tenants' own objects (by label or by name): other test files create and delete theirs
 * on the same host at the same time.
 */
export async function hostSnapshot(client: KubeClient, ...tenants: string[]): Promise<HostSnapshot> {
  if (tenants.length === 0) throw new Error('hostSnapshot needs the tenants whose objects it compares');
  const ours = (o: KubernetesObject) => {
    const name = o.metadata?.name ?? '';
    const label = o.metadata?.labels?.['cubby.dev/tenant'];
    return tenants.some((t) => label === t || name.includes(t));
  };
  const names = async (type: (typeof ResourceTypes)[keyof typeof ResourceTypes]) =>
    (await client.list<KubernetesObject>(type)).items.filter(ours).map((o) => o.metadata?.name ?? '').sort();
  return {
    namespaces: await names(ResourceTypes.Namespace),
    clusterRoles: await names(ResourceTypes.ClusterRole),
    clusterRoleBindings: await names(ResourceTypes.ClusterRoleBinding),
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function waitForRunningControlPlane(client: KubeClient, namespace: string, name: string, timeoutMs = 60_000): Promise<V1Pod> {
  return waitFor(
    `control plane pod of ${namespace}/${name} Running`,
    async () => {
      const pods = await client.list<V1Pod>(ResourceTypes.Pod, { namespace, labelSelector: `app=vcluster,release=${name}` });
      return pods.items.find((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
    },
    timeoutMs,
  );
}

/** Deletes every namespace of a test tenant, without waiting. */
export async function removeTenantNamespaces(client: KubeClient, tenant: string): Promise<void> {
  const list = await client.list<V1Namespace>(ResourceTypes.Namespace, { labelSelector: `cubby.dev/tenant=${tenant}` });
  for (const ns of list.items) if (ns.metadata?.name) await client.delete(ResourceTypes.Namespace, ns.metadata.name);
  for (const type of [ResourceTypes.ClusterRole, ResourceTypes.ClusterRoleBinding]) {
    const objects = await client.list<KubernetesObject>(type, { labelSelector: `cubby.dev/tenant=${tenant}` });
    for (const o of objects.items) if (o.metadata?.name) await client.delete(type, o.metadata.name);
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ status?: number; code?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { status?: number; code?: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * A client whose server-side applies (or merge/JSON patches) fail after `allowed` of them: a
 * creation cut off mid-way. helm, run with the same credentials, is not cut off.
 */
export function interruptedAfter(client: KubeClient, allowed: number, method: 'apply' | 'patch' = 'apply'): KubeClient {
  let done = 0;
  const flaky = Object.create(client) as KubeClient;
  const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
  (flaky as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (done >= allowed) throw new Error('connection reset (simulated interruption)');
    done++;
    return original(...args);
  };
  return flaky;
}

/** Runs the sandbox's helm against the sandbox as its admin: what a person at a terminal does. */
export function sandboxHelm(args: string[], options: { input?: string } = {}): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return runHelm(findHelmBinary(), args, { env: { KUBECONFIG: runningSandbox().kubeconfig, HELM_NAMESPACE: undefined }, input: options.input, timeoutMs: 120_000 });
}

/** `helm ARGS -o json` that must succeed, parsed. */
export async function sandboxHelmJson<T>(args: string[]): Promise<T> {
  const run = await sandboxHelm([...args, '-o', 'json']);
  if (run.exitCode !== 0) throw new Error(`helm ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

export interface HelmListEntry {
  name: string;
  namespace: string;
  revision: string;
  status: string;
  chart: string;
  app_version: string;
}
