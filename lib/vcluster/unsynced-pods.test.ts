import { describe, expect, it } from 'vitest';
import { unsyncedPodRows } from './unsynced-pods';

const now = new Date('2026-01-01T12:00:00Z');
const pod = (name: string, namespace = 'default', extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: '2026-01-01T11:59:00Z' },
  spec: { containers: [{ name: 'c' }] },
  status: { phase: 'Pending' },
  ...extra,
});

describe('pods only inside the vCluster', () => {
  it("shows a pod the host refused with the syncer's SyncError", () => {
    const rows = unsyncedPodRows(
      [pod('root'), pod('web')],
      [
        {
          type: 'Warning',
          reason: 'SyncError',
          message: 'Error syncing to host cluster: create object: pods "root" is forbidden: violates PodSecurity "baseline:latest": privileged',
          involvedObject: { kind: 'Pod', name: 'root', namespace: 'default', uid: 'uid-root' },
          eventTime: '2026-01-01T11:59:10.000000Z',
          reportingComponent: 'pod-syncer',
        },
      ],
      [{ virtualName: 'web', virtualNamespace: 'default' }],
      now,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      virtualName: 'root',
      virtualNamespace: 'default',
      hostName: '',
      synced: false,
      status: 'Pending',
      ageSeconds: 60,
      waiting: { reason: 'SyncError', source: 'pod-syncer' },
    });
    expect(rows[0]?.waiting?.message).toContain('violates PodSecurity');
  });

  it("ignores another namespace's pod of the same name, bound pods and pods being deleted", () => {
    const rows = unsyncedPodRows(
      [pod('root', 'other'), pod('bound', 'default', { spec: { nodeName: 'n', containers: [] } }), { ...pod('gone'), metadata: { ...pod('gone').metadata, deletionTimestamp: '2026-01-01T11:59:59Z' } }],
      [{ type: 'Warning', reason: 'SyncError', message: 'x', involvedObject: { kind: 'Pod', name: 'root', namespace: 'default' } }],
      [],
      now,
    );
    expect(rows.map((r) => `${r.virtualNamespace}/${r.virtualName}`)).toEqual(['other/root']);
    expect(rows[0]?.waiting).toBeUndefined();
  });
});
