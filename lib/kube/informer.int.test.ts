import type { Agent } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient, type WatchEvent } from './client';
import { createInformer, type Informer, type InformerChange, type InformerClient, type RawObject } from './informer';
import { eventually } from './informer.testing';
import { ResourceTypes, type ResourceType } from './resource-types';

interface ConfigMapView {
  name: string;
  namespace: string;
  kind: string;
  apiVersion: string;
  data: Record<string, string>;
}

const projectConfigMap = (o: RawObject): ConfigMapView => ({
  name: o.metadata!.name!,
  namespace: o.metadata!.namespace!,
  kind: o.kind!,
  apiVersion: o.apiVersion!,
  data: (o.data as Record<string, string> | undefined) ?? {},
});

/** A KubeClient seen through hooks: counts calls, can rewrite a watch's start or mute its events. */
function tapped(client: KubeClient, hooks: { firstWatchFrom?: string } = {}) {
  const calls = { list: 0, watch: 0, watchVersions: [] as Array<string | undefined>, expired: [] as string[] };
  const control = { muted: false };
  const tap: InformerClient = {
    list: (type, options) => {
      calls.list++;
      return client.list(type, options);
    },
    watch: <T>(type: ResourceType, options: Parameters<KubeClient['watch']>[1], onEvent: (e: WatchEvent<T>) => void) => {
      const resourceVersion = calls.watch === 0 && hooks.firstWatchFrom ? hooks.firstWatchFrom : options.resourceVersion;
      calls.watch++;
      calls.watchVersions.push(resourceVersion);
      const watching = client.watch<T>(type, { ...options, resourceVersion }, (event) => {
        if (event.type === 'ERROR' && (event.object as { code?: number }).code === 410) calls.expired.push('ERROR event');
        if (!control.muted) onEvent(event);
      });
      return watching.catch((error: unknown) => {
        if ((error as { status?: number }).status === 410) calls.expired.push('HTTP 410');
        throw error;
      });
    },
  };
  return { tap, calls, control };
}

/** A custom resource type of a group unique to this run, not installed yet. */
function widgetType(): ResourceType {
  const group = `${uniqueName('w')}.informer.test.cubby.dev`;
  return { apiVersion: `${group}/v1`, kind: 'Widget', plural: 'widgets', namespaced: true };
}

/** Installs the type's CRD; the cluster's watch cache for it starts now. */
async function installWidgets(admin: KubeClient, type: ResourceType = widgetType()): Promise<{ type: ResourceType; remove: () => Promise<void> }> {
  const group = type.apiVersion.split('/')[0]!;
  const name = `widgets.${group}`;
  await admin.create(ResourceTypes.CustomResourceDefinition, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } },
        },
      ],
    },
  } as RawObject);
  return { type, remove: () => admin.delete(ResourceTypes.CustomResourceDefinition, name) };
}

/** Creates a Widget, retrying while the new CRD's endpoint is not served yet. */
async function createWidget(admin: KubeClient, type: ResourceType, namespace: string, name: string, size: number): Promise<void> {
  await eventually(
    () => admin.create(type, { apiVersion: type.apiVersion, kind: 'Widget', metadata: { name, namespace }, spec: { size } } as RawObject).then(() => true, () => false),
    15_000,
    `Widget ${name} created`,
  );
}

function activeSockets(client: KubeClient): number {
  // The agent is private; counting its busy sockets is the direct way to see an open watch.
  const agent = (client as unknown as { agent?: Agent }).agent;
  return Object.values(agent?.sockets ?? {}).reduce((n, list) => n + (list?.length ?? 0), 0);
}

describe('Informer against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('informer');
  const informers: Informer<unknown>[] = [];

  const configMap = (name: string, data: Record<string, string>, labels: Record<string, string> = { test: 'informer' }) =>
    admin.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data });

  function watchConfigMaps(client: InformerClient, extra: { pageSize?: number } = {}): Informer<ConfigMapView> {
    const informer = createInformer(client, {
      type: ResourceTypes.ConfigMap,
      namespace,
      labelSelector: 'test=informer',
      project: projectConfigMap,
      backoff: { initialMs: 50, maxMs: 500 },
      ...extra,
    });
    informers.push(informer as Informer<unknown>);
    return informer;
  }

  beforeAll(async () => {
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  });

  afterAll(async () => {
    await Promise.all(informers.map((i) => i.dispose()));
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
  });

  it('lists in pages, then sees real objects added, updated and deleted', async () => {
    for (let i = 0; i < 5; i++) await configMap(`pre-${i}`, { i: String(i) });
    await configMap('unlabelled', {}, {});
    const { tap, calls } = tapped(admin);
    const informer = watchConfigMaps(tap, { pageSize: 2 });
    const changes: InformerChange<ConfigMapView>[] = [];
    informer.subscribe((c) => changes.push(c));
    await informer.synced();
    expect(calls.list).toBe(3);
    expect(informer.list().map((c) => c.name).sort()).toEqual(['pre-0', 'pre-1', 'pre-2', 'pre-3', 'pre-4']);
    expect(informer.get(namespace, 'pre-1')).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { i: '1' } });

    await configMap('live', { v: '1' });
    await eventually(() => informer.get(namespace, 'live')?.data.v === '1', 10_000, 'added');
    await configMap('live', { v: '2' });
    await eventually(() => informer.get(namespace, 'live')?.data.v === '2', 10_000, 'updated');
    await admin.delete(ResourceTypes.ConfigMap, 'live', namespace);
    await eventually(() => informer.get(namespace, 'live') === undefined, 10_000, 'deleted');
    expect(changes.filter((c) => c.key === `${namespace}/live`).map((c) => c.type)).toEqual(['added', 'updated', 'deleted']);
    expect(changes.find((c) => c.type === 'updated')?.previous?.data.v).toBe('1');
    expect(informer.state).toBe('ready');
  });

  it('relists when its first watch starts from a resourceVersion the server no longer has (410)', async () => {
    // A CRD installed now has a watch cache that starts now: resourceVersion 1 is long gone for it.
    const widgets = await installWidgets(admin);
    try {
      await createWidget(admin, widgets.type, namespace, 'before', 1);
      const { tap, calls } = tapped(admin, { firstWatchFrom: '1' });
      const informer = createInformer(tap, {
        type: widgets.type,
        project: (o) => ({ name: o.metadata!.name!, size: (o.spec as { size?: number } | undefined)?.size }),
        backoff: { initialMs: 50, maxMs: 500 },
      });
      informers.push(informer as Informer<unknown>);
      await informer.synced();
      await eventually(() => calls.list >= 2 && calls.watch >= 2, 15_000, 'relist after 410');
      expect(calls.expired.length).toBeGreaterThan(0);
      expect(calls.watchVersions[0]).toBe('1');
      expect(calls.watchVersions[1]).not.toBe('1');
      await createWidget(admin, widgets.type, namespace, 'after', 2);
      await eventually(() => informer.get(namespace, 'after') !== undefined, 10_000, 'event after relist');
      expect(informer.list().map((w) => w.name).sort()).toEqual(['after', 'before']);
      expect(informer.state).toBe('ready');
    } finally {
      await widgets.remove();
    }
  });

  it('relist() catches up with changes its watch missed and announces only those', async () => {
    const { tap, control } = tapped(admin);
    const informer = watchConfigMaps(tap);
    await informer.synced();
    const changes: InformerChange<ConfigMapView>[] = [];
    informer.subscribe((c) => changes.push(c));
    control.muted = true;
    await configMap('missed', { a: 'b' });
    await admin.delete(ResourceTypes.ConfigMap, 'pre-0', namespace);
    await new Promise((r) => setTimeout(r, 300));
    expect(informer.get(namespace, 'missed')).toBeUndefined();
    control.muted = false;
    await informer.relist();
    expect(informer.get(namespace, 'missed')?.data).toEqual({ a: 'b' });
    expect(changes.map((c) => `${c.type} ${c.object.name}`).sort()).toEqual(['added missed', 'deleted pre-0']);
  });

  it('waits for a CRD that does not exist yet and picks it up once it is installed', async () => {
    const type = widgetType();
    const informer = createInformer(admin, {
      type,
      project: (o) => ({ name: o.metadata!.name!, kind: o.kind!, size: (o.spec as { size?: number } | undefined)?.size }),
      missingRetryMs: 200,
    });
    informers.push(informer as Informer<unknown>);
    await informer.synced();
    expect(informer.state).toBe('missing');
    expect(informer.list()).toEqual([]);
    const widgets = await installWidgets(admin, type);
    try {
      await eventually(() => informer.state === 'ready', 30_000, 'ready after the CRD appears');
      await createWidget(admin, type, namespace, 'w1', 3);
      await eventually(() => informer.get(namespace, 'w1') !== undefined, 10_000, 'the Widget seen');
      expect(informer.get(namespace, 'w1')).toEqual({ name: 'w1', kind: 'Widget', size: 3 });
    } finally {
      await widgets.remove();
    }
    await eventually(() => informer.state === 'missing', 30_000, 'missing again after the CRD is deleted');
    expect(informer.list()).toEqual([]);
  });

  it('dispose() closes the watch connection and no events arrive afterwards', async () => {
    const own = new KubeClient(sandboxKubeConfig());
    try {
      const informer = watchConfigMaps(own);
      await informer.synced();
      await eventually(() => activeSockets(own) === 1, 10_000, 'the watch connection');
      await informer.dispose();
      await eventually(() => activeSockets(own) === 0, 5_000, 'the watch connection closed');
      await configMap('after-dispose', { x: 'y' });
      await new Promise((r) => setTimeout(r, 500));
      expect(informer.get(namespace, 'after-dispose')).toBeUndefined();
      expect(informer.state).toBe('stopped');
    } finally {
      own.close();
    }
  });
});
