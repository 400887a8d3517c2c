import { afterEach, describe, expect, it } from 'vitest';
import { KubeError } from './errors';
import type { RawObject } from './informer';
import { FakeKubeClient, eventually } from './informer.testing';
import { NamespacedInformers } from './namespaced-informers';
import { ResourceTypes } from './resource-types';
import { subjectFor } from './self-identity';

const groups: NamespacedInformers<RawObject>[] = [];
afterEach(async () => {
  await Promise.all(groups.splice(0).map((g) => g.dispose()));
});

function secrets(client: FakeKubeClient): NamespacedInformers<RawObject> {
  const group = new NamespacedInformers<RawObject>(client, { type: ResourceTypes.Secret, project: (o) => o, retryMs: 10, backoff: { initialMs: 5, maxMs: 10 } });
  groups.push(group);
  return group;
}

const secret = (namespace: string, name: string): RawObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } });

describe('NamespacedInformers', () => {
  it('lists and watches only the namespaces it is told, never the whole cluster', async () => {
    const client = new FakeKubeClient();
    client.put(secret('a', 'one'));
    client.put(secret('b', 'two'));
    client.put(secret('kube-system', 'root'));
    const group = secrets(client);
    group.watch('a');
    group.watch('b');
    group.markSeeded();
    await group.synced();
    expect(group.list().map((s) => s.metadata?.name).sort()).toEqual(['one', 'two']);
    expect(group.get('kube-system', 'root')).toBeUndefined();
    expect(client.listCalls.map((c) => c.options.namespace).sort()).toEqual(['a', 'b']);
    expect(group.covers('a')).toBe(true);
    expect(group.covers('kube-system')).toBe(false);
  });

  it('does not wait for a namespace it is refused in, and starts it again until it is let in', async () => {
    const client = new FakeKubeClient();
    client.put(secret('new', 'vc-x'));
    client.failNextList(new KubeError(403, 'Forbidden', 'secrets is forbidden'));
    const group = secrets(client);
    group.watch('new');
    group.markSeeded();
    await group.synced();
    expect(group.hasSynced).toBe(true);
    // Retried, so never reported as given up.
    expect(group.status.fatal).toBe(false);
    await eventually(() => group.covers('new'), 2_000, 'the namespace read after the refusal');
    expect(group.get('new', 'vc-x')).toBeDefined();
  });

  it('announces what a forgotten namespace held as deleted', async () => {
    const client = new FakeKubeClient();
    client.put(secret('a', 'one'));
    const group = secrets(client);
    group.watch('a');
    group.markSeeded();
    await group.synced();
    const changes: string[] = [];
    group.subscribe((c) => changes.push(`${c.type} ${c.key}`));
    group.forget('a');
    expect(changes).toEqual(['deleted a/one']);
    expect(group.covers('a')).toBe(false);
  });
});

describe('subjectFor', () => {
  it('names a service account as one, anyone else as a user', () => {
    expect(subjectFor({ user: 'system:serviceaccount:cubby-system:cubby', groups: [] })).toEqual({ kind: 'ServiceAccount', namespace: 'cubby-system', name: 'cubby' });
    expect(subjectFor({ user: 'cubby-sandbox-admin', groups: ['system:masters'] })).toEqual({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'cubby-sandbox-admin' });
  });
});
