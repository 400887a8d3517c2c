import type { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { eventually } from '@/lib/kube/informer.testing';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { createChangeFeed, type ChangeFeed, type ChangeNotification } from './change-feed';
import { createHostCache, type HostCache } from './host-cache';
import { vClusterStatus } from './status';

describe('HostCache and ChangeFeed against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  // Its own client, so its sockets can be counted.
  const cacheClient = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('host-cache');
  const name = 'dev';
  let cache: HostCache;
  let feed: ChangeFeed;
  const notifications: ChangeNotification[] = [];

  const mine = (kind: string) =>
    notifications.some((n) => n.scope === 'vcluster' && n.namespace === namespace && n.name === name && n.kinds.includes(kind as never));
  const status = () =>
    vClusterStatus({
      statefulSet: cache.workload(namespace, name),
      pods: cache.controlPlanePods(namespace, name),
      events: cache.events(namespace),
      kubeconfigSecretExists: cache.kubeconfigSecretExists(namespace, name),
      configSecretExists: cache.configSecretExists(namespace, name),
    });

  beforeAll(async () => {
    await admin.create(ResourceTypes.Namespace, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'cubby.dev/vcluster': name, 'cubby.dev/tenant': 'informer-test' } },
    });
    cache = createHostCache(cacheClient, { missingRetryMs: 2_000 });
    await cache.ready();
    feed = createChangeFeed(cache, { coalesceMs: 100 });
    feed.subscribe((n) => notifications.push(n));
  });

  afterAll(async () => {
    feed?.dispose();
    await cache?.dispose();
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
    cacheClient.close();
  });

  it('is ready with the cubby.dev custom resources whether or not their CRDs are installed', () => {
    expect(['ready', 'missing']).toContain(cache.status().tenants.state);
    expect(['ready', 'missing']).toContain(cache.status().templates.state);
    expect(cache.namespace(namespace)?.metadata.labels?.['cubby.dev/vcluster']).toBe(name);
    for (const [source, s] of Object.entries(cache.status())) {
      if (source !== 'tenants' && source !== 'templates') expect(s.state, source).toBe('ready');
    }
  });

  it('follows a control plane from its StatefulSet to a Running pod and a kubeconfig Secret, and notifies', async () => {
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `vc-config-${name}`, namespace, labels: { app: 'vcluster', release: name } },
      stringData: { 'config.yaml': 'sync: {}' },
    } as never);
    await eventually(() => status().creationStep === 'applying', 10_000, 'creation step applying');

    await admin.apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace, labels: { app: 'vcluster', release: name } },
      spec: {
        replicas: 1,
        serviceName: `${name}-headless`,
        selector: { matchLabels: { app: 'vcluster', release: name } },
        template: {
          metadata: { labels: { app: 'vcluster', release: name }, annotations: { vClusterConfigHash: 'h1' } },
          spec: { automountServiceAccountToken: false, containers: [{ name: 'syncer', image: 'ghcr.io/loft-sh/vcluster:0.36.1' }] },
        },
      },
    } as never);
    await eventually(() => status().status === 'Running', 60_000, 'control plane Running');
    // The StatefulSet controller reports the rollout a moment after the pod runs.
    await eventually(() => !status().configPending, 10_000, 'rollout reported');
    // The sandbox's vCluster runtime may already have written the kubeconfig Secret.
    expect(['kubeconfig-pending', 'ready']).toContain(status().creationStep);
    expect(cache.controlPlanePods(namespace, name)[0]?.spec.nodeName).toMatch(/^kwok-node-/);
    expect(cache.vclustersInNamespace(namespace)).toEqual([name]);
    await eventually(() => mine('list') && mine('status'), 5_000, 'list and status notifications');

    await admin.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `vc-${name}`, namespace, labels: { app: 'vcluster', 'vcluster-name': name } },
      stringData: { config: 'apiVersion: v1\nkind: Config\n', token: 'very-secret-token' },
    } as never);
    await admin.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'not-a-vcluster-secret', namespace, labels: { app: 'vcluster' } }, stringData: { a: 'b' } } as never);
    await eventually(() => status().creationStep === 'ready', 10_000, 'creation step ready');
    await eventually(() => mine('kubeconfig'), 5_000, 'kubeconfig notification');
    const secrets = cache.informers.secrets.inNamespace(namespace);
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([`vc-config-${name}`, `vc-${name}`]);
    expect(JSON.stringify(secrets)).not.toMatch(/very-secret-token|dmVyeS1zZWNyZXQtdG9rZW4|kind: Config/);
  });

  it('shows events of the namespace, newest first', async () => {
    await eventually(() => cache.events(namespace).some((e) => e.involvedObject.kind === 'Pod' && e.reason === 'Scheduled'), 10_000, 'a Scheduled event');
    const events = cache.events(namespace);
    for (let i = 1; i < events.length; i++) {
      const t = (e: (typeof events)[number]) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
      expect(t(events[i - 1]!)).toBeGreaterThanOrEqual(t(events[i]!));
    }
    await eventually(() => mine('events'), 5_000, 'events notification');
  });

  it('finds the pods the vCluster synced, with their virtual names, and notifies pods and nodes', async () => {
    notifications.length = 0;
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `web-x-default-x-${name}`,
        namespace,
        labels: { 'vcluster.loft.sh/managed-by': name, 'vcluster.loft.sh/namespace': 'default' },
        annotations: { 'vcluster.loft.sh/name': 'web', 'vcluster.loft.sh/namespace': 'default', 'vcluster.loft.sh/uid': 'v-uid' },
      },
      spec: { automountServiceAccountToken: false, containers: [{ name: 'web', image: 'nginx' }] },
    } as never);
    await eventually(() => cache.syncedPods(namespace, name)[0]?.phase === 'Running', 30_000, 'synced pod Running');
    const [pod] = cache.syncedPods(namespace, name);
    expect(pod).toMatchObject({ virtualName: 'web', virtualNamespace: 'default', status: 'Running', readyContainers: 1, totalContainers: 1 });
    expect(pod?.node).toMatch(/^kwok-node-/);
    expect(cache.controlPlanePods(namespace, name).map((p) => p.metadata.name)).toEqual([`${name}-0`]);
    await eventually(() => mine('pods') && mine('nodes'), 5_000, 'pods and nodes notifications');

    await admin.delete(ResourceTypes.Pod, `web-x-default-x-${name}`, namespace);
    await eventually(() => cache.syncedPods(namespace, name).length === 0, 30_000, 'synced pod gone');
  });

  it('sees a pause and a NodePort Service', async () => {
    notifications.length = 0;
    await admin.patch(ResourceTypes.StatefulSet, name, namespace, { metadata: { annotations: { 'loft.sh/paused': 'true' } } });
    await eventually(() => status().status === 'Paused', 10_000, 'Paused');
    await eventually(() => mine('status'), 5_000, 'status notification');

    await admin.apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { app: 'vcluster', release: name } },
      spec: { type: 'NodePort', selector: { app: 'vcluster', release: name }, ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
    } as never);
    await eventually(() => (cache.services(namespace)[0]?.spec.ports[0]?.nodePort ?? 0) > 0, 10_000, 'a NodePort');
    await eventually(() => mine('access'), 5_000, 'access notification');
  });

  it('dispose() closes every watch connection', async () => {
    const agent = (cacheClient as unknown as { agent?: Agent }).agent;
    const busy = () => Object.values(agent?.sockets ?? {}).reduce((n, list) => n + (list?.length ?? 0), 0);
    // Twelve informers; the two for CRDs that may be missing hold no watch.
    expect(busy()).toBeGreaterThanOrEqual(9);
    feed.dispose();
    await cache.dispose();
    await eventually(() => busy() === 0, 5_000, 'no open sockets');
  });
});
