// Three vClusters at once, each in its own namespace: one with fake nodes (the default), one
// syncing every host node (selector.all), one syncing the host nodes matching selector.labels.
// Each has its own API server and data; node sync shows host nodes with their labels.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { sandboxKubeConfig, uniqueName } from '../testing';
import { waitFor } from '../host/wait';
import { SANDBOX_NODES } from '../host/nodes';
import {
  connectVCluster,
  deleteNamespace,
  deployVCluster,
  kubeconfigFile,
  kubectl,
  waitForRunningPod,
} from './testing';

interface Case {
  name: string;
  values: Record<string, unknown>;
  namespace: string;
  kubeconfig: string;
  kc?: KubeConfig;
  secondsToSecret?: number;
}

const HIGHMEM = { 'cubby.dev/pool': 'highmem' };

describe('three vClusters side by side', () => {
  const host = sandboxKubeConfig();
  const core = host.makeApiClient(CoreV1Api);
  const tmp = mkdtempSync(join(tmpdir(), 'cubby-three-'));
  const cases: Case[] = [
    { name: 'alpha', values: {}, namespace: uniqueName('vc-alpha'), kubeconfig: '' },
    { name: 'beta', values: { sync: { fromHost: { nodes: { enabled: true, selector: { all: true } } } } }, namespace: uniqueName('vc-beta'), kubeconfig: '' },
    { name: 'gamma', values: { sync: { fromHost: { nodes: { enabled: true, selector: { labels: HIGHMEM } } } } }, namespace: uniqueName('vc-gamma'), kubeconfig: '' },
  ];
  const [alpha, beta, gamma] = cases as [Case, Case, Case];

  beforeAll(async () => {
    await Promise.all(cases.map(async (c) => {
      await deployVCluster(c.name, c.namespace, c.values);
      await waitForRunningPod(c.namespace, c.name);
      const runningAt = Date.now();
      const { secret, kc } = await connectVCluster(c.namespace, c.name);
      c.secondsToSecret = (Date.now() - runningAt) / 1000;
      c.kc = kc;
      c.kubeconfig = kubeconfigFile(secret, tmp);
    }));
    console.log(`three at once, pod Running -> API reachable: ${cases.map((c) => `${c.name} ${c.secondsToSecret?.toFixed(1)} s`).join(', ')}`);
  });

  afterAll(async () => {
    await Promise.all(cases.map((c) => deleteNamespace(host, c.namespace)));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('each runs its own API server with its own data and syncs its own pods', async () => {
    const servers = new Set(cases.map((c) => c.kc!.getCurrentCluster()?.server));
    expect(servers.size).toBe(3);
    for (const c of cases) kubectl(c.kubeconfig, ['create', 'namespace', `only-in-${c.name}`]);
    for (const c of cases) {
      const namespaces = kubectl(c.kubeconfig, ['get', 'namespaces', '-o', 'name']);
      for (const other of cases) {
        expect(namespaces.includes(`namespace/only-in-${other.name}`)).toBe(other === c);
      }
    }
    for (const c of cases) kubectl(c.kubeconfig, ['run', 'app', '--image=nginx', '--restart=Never', '-n', `only-in-${c.name}`]);
    await Promise.all(cases.map((c) =>
      waitFor(`${c.name}'s pod Running on the host and inside`, async () => {
        const hostPod = await core.readNamespacedPod({ name: `app-x-only-in-${c.name}-x-${c.name}`, namespace: c.namespace });
        const phase = kubectl(c.kubeconfig, ['get', 'pod', 'app', '-n', `only-in-${c.name}`, '-o', 'jsonpath={.status.phase}']);
        return hostPod.status?.phase === 'Running' && phase === 'Running';
      }, 60_000),
    ));
  });

  it('with node sync off, shows only fake nodes for the host nodes its pods run on', async () => {
    const hostPod = await core.readNamespacedPod({ name: `app-x-only-in-alpha-x-alpha`, namespace: alpha.namespace });
    const nodes = (await alpha.kc!.makeApiClient(CoreV1Api).listNode()).items;
    expect(nodes.map((n) => n.metadata?.name)).toEqual([hostPod.spec?.nodeName]);
    expect(nodes[0]?.metadata?.labels?.['vcluster.loft.sh/fake-node']).toBe('true');
  });

  it('with node sync and selector.all, shows every host node with its labels', async () => {
    const hostNodes = (await core.listNode()).items;
    let inside: Awaited<ReturnType<CoreV1Api['listNode']>>['items'] = [];
    await waitFor('every host node inside', async () => {
      inside = (await beta.kc!.makeApiClient(CoreV1Api).listNode()).items;
      return inside.length === hostNodes.length;
    }, 30_000);
    expect(inside.map((n) => n.metadata?.name).sort()).toEqual(hostNodes.map((n) => n.metadata?.name).sort());
    for (const node of hostNodes) {
      const copy = inside.find((n) => n.metadata?.name === node.metadata?.name)!;
      expect(copy.metadata?.labels).toEqual(node.metadata?.labels);
      expect(copy.metadata?.labels?.['vcluster.loft.sh/fake-node']).toBeUndefined();
      expect(copy.spec?.taints ?? []).toEqual(node.spec?.taints ?? []);
      expect(copy.status?.capacity).toEqual(node.status?.capacity);
      expect(copy.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    const zones = kubectl(beta.kubeconfig, ['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.labels.topology\\.kubernetes\\.io/zone}']).split(' ').sort();
    expect(zones).toEqual(SANDBOX_NODES.map((n) => n.zone).sort());
  });

  it('with node sync and selector.labels, shows only the matching host nodes and keeps pods on them', async () => {
    const matching = SANDBOX_NODES.filter((n) => n.pool === 'highmem').map((n) => n.name);
    await waitFor('the matching nodes inside', async () => {
      const names = (await gamma.kc!.makeApiClient(CoreV1Api).listNode()).items.map((n) => n.metadata?.name).sort();
      return JSON.stringify(names) === JSON.stringify(matching.sort());
    }, 30_000);
    const hostPod = await core.readNamespacedPod({ name: `app-x-only-in-gamma-x-gamma`, namespace: gamma.namespace });
    expect(hostPod.spec?.nodeSelector).toMatchObject(HIGHMEM);
    expect(matching).toContain(hostPod.spec?.nodeName);
  });
});
