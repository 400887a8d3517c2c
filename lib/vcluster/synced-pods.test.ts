import { describe, expect, it } from 'vitest';
import type { RawObject } from '@/lib/kube/informer';
import { projectSyncedPod } from './host-cache-projections';
import type { PodLike } from './pod-status';
import type { PodEventLike } from './pod-waiting';
import { syncedPodRows as rowsOfViews } from './synced-pods';

/** A host pod as the API sends it. */
interface SyncedPodLike extends PodLike {
  status?: PodLike['status'] & { podIP?: string; hostIP?: string };
}

/** Rows of host pods seen through the host cache, as the pods route gets them. */
const syncedPodRows = (pods: SyncedPodLike[], name: string, now: Date, events?: PodEventLike[]) =>
  rowsOfViews(pods.map((pod) => projectSyncedPod(pod as RawObject)), name, now, events);

const now = new Date('2026-01-01T12:00:00Z');

function synced(hostName: string, virtualName: string, virtualNamespace: string, extra: Partial<SyncedPodLike> = {}): SyncedPodLike {
  return {
    metadata: {
      name: hostName,
      creationTimestamp: '2026-01-01T11:58:20Z',
      labels: { 'vcluster.loft.sh/managed-by': 'dev', 'vcluster.loft.sh/namespace': virtualNamespace },
      annotations: { 'vcluster.loft.sh/object-name': virtualName, 'vcluster.loft.sh/object-namespace': virtualNamespace },
    },
    spec: { nodeName: 'kwok-node-a', containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.0.7',
      hostIP: '127.0.0.1',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 2, state: { running: {} } }],
    },
    ...extra,
  };
}

describe('syncedPodRows', () => {
  it('maps host pods back to their virtual name and namespace with kubectl-style columns', () => {
    const rows = syncedPodRows([synced('web-x-shop-x-dev', 'web', 'shop')], 'dev', now);
    expect(rows).toEqual([
      {
        virtualName: 'web',
        virtualNamespace: 'shop',
        hostName: 'web-x-shop-x-dev',
        synced: true,
        status: 'Running',
        phase: 'Running',
        ready: '1/1',
        restarts: 2,
        node: 'kwok-node-a',
        podIP: '10.244.0.7',
        hostIP: '127.0.0.1',
        createdAt: '2026-01-01T11:58:20.000Z',
        ageSeconds: 100,
      },
    ]);
  });

  it('reads hashed host names through the annotations, and the pod-only annotations of older syncers', () => {
    const old: SyncedPodLike = {
      metadata: {
        name: 'a-very-long-name-x-namespace-x-dev-0123456789',
        labels: { 'vcluster.loft.sh/managed-by': 'dev' },
        annotations: { 'vcluster.loft.sh/name': 'a-very-long-name', 'vcluster.loft.sh/namespace': 'namespace' },
      },
      status: { phase: 'Pending' },
    };
    const [row] = syncedPodRows([old], 'dev', now);
    expect(row).toMatchObject({ virtualName: 'a-very-long-name', virtualNamespace: 'namespace', status: 'Pending', phase: 'Pending', ready: '0/0' });
    expect(row?.ageSeconds).toBeUndefined();
  });

  it("leaves out the control plane, other vClusters' pods and pods without a virtual name; sorts", () => {
    const controlPlane: SyncedPodLike = { metadata: { name: 'dev-0', labels: { app: 'vcluster', release: 'dev' } } };
    const other = synced('x-x-a-x-other', 'x', 'a');
    other.metadata!.labels!['vcluster.loft.sh/managed-by'] = 'other';
    const unnamed: SyncedPodLike = { metadata: { name: 'odd', labels: { 'vcluster.loft.sh/managed-by': 'dev' } } };
    const rows = syncedPodRows(
      [synced('b-x-z-x-dev', 'b', 'z'), controlPlane, other, unnamed, synced('c-x-a-x-dev', 'c', 'a'), synced('a-x-z-x-dev', 'a', 'z')],
      'dev',
      now,
    );
    expect(rows.map((r) => `${r.virtualNamespace}/${r.virtualName}`)).toEqual(['a/c', 'z/a', 'z/b']);
  });

  it('shows Terminating and CrashLoopBackOff as kubectl does', () => {
    const terminating = synced('t-x-a-x-dev', 't', 'a');
    terminating.metadata!.deletionTimestamp = '2026-01-01T11:59:00Z';
    const crashing = synced('c-x-a-x-dev', 'c', 'a', {
      status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    });
    expect(syncedPodRows([terminating, crashing], 'dev', now).map((r) => r.status)).toEqual(['CrashLoopBackOff', 'Terminating']);
  });
});

describe('why a synced pod waits', () => {
  it("takes the scheduler's latest warning about the host pod", () => {
    const pending = synced('web-x-shop-x-dev', 'web', 'shop', {
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
    });
    const rows = syncedPodRows([pending], 'dev', now, [
      { type: 'Warning', reason: 'FailedScheduling', message: 'old', involvedObject: { kind: 'Pod', name: 'web-x-shop-x-dev' }, lastTimestamp: '2026-01-01T11:59:00Z' },
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
        involvedObject: { kind: 'Pod', name: 'web-x-shop-x-dev' },
        eventTime: '2026-01-01T11:59:30.000000Z',
        reportingComponent: 'default-scheduler',
      },
      { type: 'Warning', reason: 'BackOff', message: 'other pod', involvedObject: { kind: 'Pod', name: 'db-x-shop-x-dev' }, lastTimestamp: '2026-01-01T11:59:50Z' },
    ]);
    expect(rows[0]?.status).toBe('Pending');
    expect(rows[0]?.waiting).toEqual({
      reason: 'FailedScheduling',
      message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
      source: 'default-scheduler',
      at: '2026-01-01T11:59:30.000Z',
    });
  });

  it('falls back to the PodScheduled condition, and says nothing for a running pod', () => {
    const pending = synced('web-x-shop-x-dev', 'web', 'shop', {
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
    });
    expect(syncedPodRows([pending], 'dev', now)[0]?.waiting).toEqual({ reason: 'Unschedulable', source: 'scheduler' });
    expect(syncedPodRows([synced('web-x-shop-x-dev', 'web', 'shop')], 'dev', now, [
      { type: 'Warning', reason: 'BackOff', involvedObject: { kind: 'Pod', name: 'web-x-shop-x-dev' } },
    ])[0]?.waiting).toBeUndefined();
  });
});
