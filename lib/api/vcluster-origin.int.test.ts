// Issue 14 item 3: a vCluster Cubby did not make is shown as it is. Installed here by the
// sandbox's own helm (a real Helm release, as `vcluster create` makes one) with ingress sync on,
// then assigned to a tenant: its row says how it was made and who assigned it, and its options
// are read from its config Secret `vc-config-NAME`, not shown as the defaults.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { assignToTenant } from '@/lib/vcluster/discovery';
import { createHostCache, type HostCache } from '@/lib/vcluster/host-cache';
import { removeTenantNamespaces, sandboxDeps, TEST_CHART_DIR, testTenant, waitForRunningControlPlane } from '@/lib/vcluster/lifecycle.testing';
import { runningSandbox, uniqueName } from '@/sandbox/testing';
import { buildVClusterView } from './vcluster-views';

describe('a vCluster made by helm and assigned to a tenant', () => {
  const deps = sandboxDeps();
  const { client } = deps;
  const tenant = testTenant();
  const namespace = uniqueName('helm-release');
  let cache: HostCache;
  const helm = (...args: string[]) =>
    execFileSync(join(runningSandbox().binDir, 'helm'), [...args, '--kubeconfig', runningSandbox().kubeconfig], { encoding: 'utf8', timeout: 60_000 });

  const view = () => {
    const ns = cache.namespace(namespace);
    return ns ? buildVClusterView(cache, ns) : undefined;
  };

  beforeAll(async () => {
    helm('install', 'made', TEST_CHART_DIR, '--namespace', namespace, '--create-namespace', '--set', 'sync.toHost.ingresses.enabled=true');
    await waitForRunningControlPlane(client, namespace, 'made');
    await assignToTenant(client, { namespace, name: 'made', tenant, assignedBy: 'platform-admin' });
    cache = createHostCache(client, { missingRetryMs: 2_000 });
    await cache.ready();
  });

  afterAll(async () => {
    await cache?.dispose();
    helm('uninstall', 'made', '--namespace', namespace);
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it('says it is a Helm release assigned by the admin, with nobody named as its creator', async () => {
    await expect.poll(() => view()?.assignedBy, { timeout: 10_000 }).toBe('platform-admin');
    expect(view()).toMatchObject({ tenant: tenant.name, name: 'made', origin: 'helm' });
    expect(view()?.createdBy).toBeUndefined();
  });

  it('shows the options it runs with, from its config Secret', async () => {
    await expect.poll(() => view()?.options.ingressSync, { timeout: 10_000 }).toBe(true);
    expect(view()?.options.nodeSync.enabled).toBe(false);
  });

  it('follows a helm upgrade of its values', async () => {
    helm('upgrade', 'made', TEST_CHART_DIR, '--namespace', namespace, '--reuse-values', '--set', 'sync.toHost.ingresses.enabled=false', '--set', 'sync.fromHost.nodes.enabled=true');
    await expect.poll(() => view()?.options.nodeSync.enabled, { timeout: 30_000 }).toBe(true);
    expect(view()?.options.ingressSync).toBe(false);
    const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata?.labels?.['cubby.dev/tenant']).toBe(tenant.name);
  });
});
