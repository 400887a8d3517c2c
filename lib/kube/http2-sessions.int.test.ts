// Cubby's GETs over HTTP/2 against the sandbox's kube-apiserver: many watches share a few
// connections (at most 100 streams each), every one of them hears a change, and what is not
// Cubby's own GET (writes, impersonated reads) still goes over HTTP/1.1 and works.
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient, type WatchEvent } from './client';
import { createInformer } from './informer';
import { KubeError } from './errors';
import { ResourceTypes } from './resource-types';

const WATCHES = 230;

describe('KubeClient over HTTP/2', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const client = new KubeClient(sandboxKubeConfig(), undefined, undefined, { http2: true });
  const namespace = uniqueName('kube-h2');

  beforeAll(async () => {
    await admin.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  });

  afterAll(async () => {
    await admin.delete(ResourceTypes.Namespace, namespace);
    admin.close();
    client.close();
  });

  it(`carries ${WATCHES} watches on three connections, and each hears the change`, async () => {
    const list = await client.list<{ metadata: { name: string } }>(ResourceTypes.ConfigMap, { namespace });
    const controller = new AbortController();
    // One signal ends them all.
    setMaxListeners(WATCHES + 10, controller.signal);
    const heard = new Set<number>();
    const watches = Array.from({ length: WATCHES }, (_, i) =>
      client.watch<{ metadata: { name: string } }>(ResourceTypes.ConfigMap, { namespace, resourceVersion: list.metadata.resourceVersion, signal: controller.signal }, (event: WatchEvent<{ metadata: { name: string } }>) => {
        if (event.type === 'ADDED' && event.object.metadata.name === 'probe') heard.add(i);
      }),
    );
    try {
      await expect.poll(() => client.http2Connections.reduce((a, b) => a + b, 0), { timeout: 20_000 }).toBeGreaterThanOrEqual(WATCHES);
      expect(client.http2Connections.length).toBe(3);
      expect(Math.max(...client.http2Connections)).toBeLessThanOrEqual(100);
      await admin.create(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace } });
      await expect.poll(() => heard.size, { timeout: 20_000 }).toBe(WATCHES);
    } finally {
      controller.abort();
      await Promise.all(watches);
    }
    // Reset streams leave the connections open for what comes next.
    await expect.poll(() => client.http2Connections.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('reports a refusal as the same typed error as over HTTP/1.1', async () => {
    const error = await client.get(ResourceTypes.ConfigMap, 'missing', namespace).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect(error as KubeError).toMatchObject({ status: 404, notFound: true });
  });

  it('writes and impersonated reads still work (over HTTP/1.1)', async () => {
    const before = client.http2Connections.length;
    await client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'written', namespace }, data: { a: '1' } });
    const asNobody = await client.as({ user: `nobody-${namespace}`, groups: [] }).list(ResourceTypes.ConfigMap, { namespace }).catch((e: unknown) => e);
    expect((asNobody as KubeError).status).toBe(403);
    expect(client.http2Connections.length).toBe(before);
  });

  it('keeps an informer in step over it', async () => {
    const informer = createInformer(client, { type: ResourceTypes.ConfigMap, namespace, project: (o) => o.metadata?.name ?? '' });
    try {
      await informer.synced();
      expect(informer.list()).toEqual(expect.arrayContaining(['probe', 'written']));
      await admin.delete(ResourceTypes.ConfigMap, 'probe', namespace);
      await expect.poll(() => informer.list(), { timeout: 10_000 }).not.toContain('probe');
    } finally {
      await informer.dispose();
    }
  });
});
