import { describe, expect, it, vi } from 'vitest';
import { KubeError, type KubeClient } from './kube-client';
import { SyncEventRecorder, apiErrorText, isRefusal, microTime, sanitizeNote, type EventsV1 } from './sync-events';

const PSA_MESSAGE =
  'pods "root-x-default-x-vc" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "host")';

function stubClient() {
  const created: { path: string; body: EventsV1 }[] = [];
  const patched: { path: string; body: unknown }[] = [];
  const client = {
    create: vi.fn(async (path: string, body: EventsV1) => {
      created.push({ path, body });
      return body;
    }),
    mergePatch: vi.fn(async (path: string, body: unknown) => {
      patched.push({ path, body });
      return body;
    }),
  } as unknown as KubeClient;
  return { client, created, patched };
}

describe('sync error events', () => {
  it('counts admission and validation refusals, not conflicts or server errors', () => {
    expect(isRefusal(new KubeError(403, 'x'))).toBe(true);
    expect(isRefusal(new KubeError(422, 'x'))).toBe(true);
    expect(isRefusal(new KubeError(400, 'x'))).toBe(true);
    expect(isRefusal(new KubeError(409, 'x'))).toBe(false);
    expect(isRefusal(new KubeError(500, 'x'))).toBe(false);
    expect(isRefusal(new Error('socket hang up'))).toBe(false);
  });

  it("uses the API server's own message", () => {
    expect(apiErrorText(new KubeError(403, 'POST /api/v1/...: 403 ...', 'Forbidden', PSA_MESSAGE))).toBe(PSA_MESSAGE);
  });

  it("names the virtual object, never the host's translated names", () => {
    const note = sanitizeNote(`create object: ${PSA_MESSAGE}; configmap "cfg-x-default-x-vc" not found`, { name: 'root', namespace: 'default' }, 'vc');
    expect(note).toContain('pods "root" is forbidden');
    expect(note).toContain('configmap "cfg" not found');
    expect(note).not.toContain('-x-default-x-vc');
  });

  it('writes MicroTime with six fraction digits', () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000Z');
  });

  it("records the real syncer's event on the virtual pod, once, and repeats as a series", async () => {
    vi.useFakeTimers();
    try {
      const { client, created, patched } = stubClient();
      const recorder = new SyncEventRecorder(client, 'vc', () => undefined);
      const pod = { metadata: { name: 'root', namespace: 'default', uid: 'u-1' } };
      const error = new KubeError(403, 'POST', 'Forbidden', PSA_MESSAGE);
      await recorder.createFailed({ syncer: 'pod', kind: 'Pod', apiVersion: 'v1', object: pod }, error);
      await recorder.createFailed({ syncer: 'pod', kind: 'Pod', apiVersion: 'v1', object: pod }, error);
      await recorder.createFailed({ syncer: 'pod', kind: 'Pod', apiVersion: 'v1', object: pod }, error);
      expect(created).toHaveLength(1);
      const event = created[0]!;
      expect(event.path).toBe('/apis/events.k8s.io/v1/namespaces/default/events');
      expect(event.body).toMatchObject({
        type: 'Warning',
        reason: 'SyncError',
        action: 'SyncPod',
        reportingController: 'pod-syncer',
        regarding: { kind: 'Pod', name: 'root', namespace: 'default', uid: 'u-1' },
      });
      expect(event.body.note).toBe(
        'Error syncing to host cluster: create object: pods "root" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "host")',
      );
      expect(event.body.metadata?.name).toMatch(/^root\.[0-9a-f]+$/);
      await vi.advanceTimersByTimeAsync(6_000);
      expect(patched).toHaveLength(1);
      expect(patched[0]!.body).toMatchObject({ series: { count: 3 } });
      recorder.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a refused update of an existing copy as the Sync path does', async () => {
    const { client, created } = stubClient();
    const recorder = new SyncEventRecorder(client, 'vc', () => undefined);
    await recorder.updateFailed(
      { syncer: 'ingress', kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', object: { metadata: { name: 'web', namespace: 'shop' } } },
      new KubeError(422, 'PATCH', 'Invalid', 'ingresses.networking.k8s.io "web-x-shop-x-vc" is forbidden: ValidatingAdmissionPolicy ...'),
    );
    expect(created[0]!.body).toMatchObject({ reportingController: 'ingress-syncer', action: 'SyncIngress' });
    expect(created[0]!.body.note).toBe('Error syncing: ingresses.networking.k8s.io "web" is forbidden: ValidatingAdmissionPolicy ...');
  });
});
