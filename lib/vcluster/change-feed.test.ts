import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChangeFeed, type ChangeNotification, type ChangeSource } from './change-feed';
import type { HostCacheChange, PodView, SyncedPodView } from './host-cache-projections';

class FakeSource implements ChangeSource {
  listeners = new Set<(change: HostCacheChange) => void>();
  onChange(listener: (change: HostCacheChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  vclustersInNamespace(namespace: string): string[] {
    return namespace.startsWith('team-') ? [namespace.slice(5)] : [];
  }
  isControlPlanePod(): boolean {
    return false;
  }
  send(change: HostCacheChange): void {
    for (const l of this.listeners) l(change);
  }
}

const cpPod = (namespace: string, release: string): HostCacheChange => {
  const object: PodView = { metadata: { name: `${release}-0`, namespace, labels: { release } }, spec: { containers: [] }, status: {} };
  return { source: 'controlPlanePods', change: { type: 'updated', key: `${namespace}/${release}-0`, object } };
};

const syncedPod = (namespace: string, vcluster: string, name: string, nodeName?: string): HostCacheChange => {
  const object: SyncedPodView = { metadata: { name, namespace }, vcluster, ...(nodeName ? { node: nodeName } : {}), status: 'Pending', readyContainers: 0, totalContainers: 0, restarts: 0 };
  return { source: 'syncedPods', change: { type: 'added', key: `${namespace}/${name}`, object } };
};

describe('ChangeFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('coalesces a burst into one notification per vCluster with the union of kinds, after the window', () => {
    const source = new FakeSource();
    const feed = createChangeFeed(source, { coalesceMs: 200 });
    const seen: ChangeNotification[] = [];
    feed.subscribe((n) => seen.push(n));
    for (let i = 0; i < 50; i++) source.send(syncedPod('team-a', 'a', `p${i}`, i === 7 ? 'node-1' : undefined));
    source.send(cpPod('team-a', 'a'));
    source.send(cpPod('team-b', 'b'));
    source.send({ source: 'tenants', change: { type: 'updated', key: 't', object: { name: 't', spec: { members: { users: [], groups: [] }, quota: { maxVClusters: 1 }, templates: [] } } } });
    source.send({ source: 'tenants', change: { type: 'added', key: 'u', object: { name: 'u', spec: { members: { users: [], groups: [] }, quota: { maxVClusters: 1 }, templates: [] } } } });
    vi.advanceTimersByTime(199);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'a', kinds: ['status', 'pods', 'nodes'] },
      { scope: 'vcluster', namespace: 'team-b', name: 'b', kinds: ['status'] },
      { scope: 'tenants' },
    ]);
  });

  it('uses a fixed window from the first change, so a steady stream still gets through', () => {
    const source = new FakeSource();
    const feed = createChangeFeed(source, { coalesceMs: 100 });
    const seen: ChangeNotification[] = [];
    feed.subscribe((n) => seen.push(n));
    for (let t = 0; t < 500; t += 20) {
      source.send(cpPod('team-a', 'a'));
      vi.advanceTimersByTime(20);
    }
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.length).toBeLessThanOrEqual(5);
  });

  it('maps event changes through the namespace to its vCluster and drops changes that concern none', () => {
    const source = new FakeSource();
    const feed = createChangeFeed(source);
    const seen: ChangeNotification[] = [];
    feed.subscribe((n) => seen.push(n));
    source.send({
      source: 'events',
      change: { type: 'added', key: 'k', object: { metadata: { name: 'e', namespace: 'team-c' }, involvedObject: { kind: 'Pod', name: 'x' } } },
    });
    source.send({
      source: 'events',
      change: { type: 'added', key: 'k', object: { metadata: { name: 'e', namespace: 'kube-system' }, involvedObject: { kind: 'Pod', name: 'x' } } },
    });
    feed.flush();
    expect(seen).toEqual([{ scope: 'vcluster', namespace: 'team-c', name: 'c', kinds: ['events'] }]);
  });

  it('listens to the source only while it has subscribers, and drops what was pending when the last one leaves', () => {
    const source = new FakeSource();
    const feed = createChangeFeed(source, { coalesceMs: 50 });
    expect(source.listeners.size).toBe(0);
    const seen: ChangeNotification[] = [];
    const first = feed.subscribe((n) => seen.push(n));
    const second = feed.subscribe(() => undefined);
    expect(source.listeners.size).toBe(1);
    source.send(cpPod('team-a', 'a'));
    first();
    second();
    expect(source.listeners.size).toBe(0);
    expect(feed.subscriberCount).toBe(0);
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([]);
  });

  it('keeps delivering to the others when one subscriber throws', () => {
    const source = new FakeSource();
    const logs: string[] = [];
    const feed = createChangeFeed(source, { coalesceMs: 10, log: (m) => logs.push(m) });
    const seen: ChangeNotification[] = [];
    feed.subscribe(() => {
      throw new Error('stream closed');
    });
    feed.subscribe((n) => seen.push(n));
    source.send(cpPod('team-a', 'a'));
    vi.advanceTimersByTime(10);
    expect(seen).toHaveLength(1);
    expect(logs[0]).toContain('stream closed');
    feed.dispose();
    expect(source.listeners.size).toBe(0);
  });

  it('asks refine once per outgoing vCluster notification and adds what it says', () => {
    const source = new FakeSource();
    const asked: string[] = [];
    const feed = createChangeFeed(source, { coalesceMs: 10, refine: (namespace) => (asked.push(namespace), namespace === 'team-a' ? 'row' : undefined) });
    const seen: ChangeNotification[] = [];
    feed.subscribe((n) => seen.push(n));
    for (let i = 0; i < 5; i++) source.send(syncedPod('team-a', 'a', `p${i}`));
    source.send(cpPod('team-b', 'b'));
    vi.advanceTimersByTime(10);
    expect(asked).toEqual(['team-a', 'team-b']);
    expect(seen).toEqual([
      { scope: 'vcluster', namespace: 'team-a', name: 'a', kinds: ['row', 'pods'] },
      { scope: 'vcluster', namespace: 'team-b', name: 'b', kinds: ['status'] },
    ]);
    feed.dispose();
  });
});
