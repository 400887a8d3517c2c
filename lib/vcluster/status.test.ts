import type { CoreV1Event, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { PodLike } from './pod-status';
import {
  type EventLike,
  type StatefulSetLike,
  configPending,
  vClusterStatus,
  waitingReason,
} from './status';

function sts(overrides: {
  replicas?: number;
  annotations?: Record<string, string>;
  templateHash?: string;
  generation?: number;
  observedGeneration?: number;
  currentRevision?: string;
  updateRevision?: string;
} = {}): StatefulSetLike {
  return {
    metadata: { name: 'dev', generation: overrides.generation ?? 1, ...(overrides.annotations ? { annotations: overrides.annotations } : {}) },
    spec: {
      replicas: overrides.replicas ?? 1,
      template: { metadata: { annotations: { vClusterConfigHash: overrides.templateHash ?? 'h1' } } },
      volumeClaimTemplates: [{ metadata: { name: 'data' } }],
    },
    status: {
      observedGeneration: overrides.observedGeneration ?? overrides.generation ?? 1,
      currentRevision: overrides.currentRevision ?? 'dev-abc',
      updateRevision: overrides.updateRevision ?? overrides.currentRevision ?? 'dev-abc',
    },
  };
}

function runningPod(name = 'dev-0', extra: { hash?: string; revision?: string; uid?: string } = {}): PodLike {
  return {
    metadata: {
      name,
      uid: extra.uid ?? `uid-${name}`,
      labels: { app: 'vcluster', release: 'dev', 'controller-revision-hash': extra.revision ?? 'dev-abc' },
      annotations: { vClusterConfigHash: extra.hash ?? 'h1' },
    },
    spec: {
      nodeName: 'worker-1',
      containers: [{ name: 'syncer' }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `data-${name}` } }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'syncer', ready: true, restartCount: 0, state: { running: {} } }],
    },
  };
}

function pendingPod(name = 'dev-0', uid = `uid-${name}`): PodLike {
  return {
    metadata: { name, uid, labels: { 'controller-revision-hash': 'dev-abc' }, annotations: { vClusterConfigHash: 'h1' } },
    spec: {
      containers: [{ name: 'syncer' }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `data-${name}` } }],
    },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.' }] },
  };
}

function event(
  kind: string,
  name: string,
  reason: string,
  message: string,
  at: string,
  type = 'Warning',
  uid?: string,
): EventLike {
  return { type, reason, message, count: 1, involvedObject: { kind, name, ...(uid ? { uid } : {}) }, lastTimestamp: at };
}

describe('vClusterStatus: status as vcluster list shows it', () => {
  it('Paused wins over the pods', () => {
    const result = vClusterStatus({
      statefulSet: sts({ replicas: 0, annotations: { 'loft.sh/paused': 'true' } }),
      pods: [runningPod()],
      kubeconfigSecretExists: true,
    });
    expect(result.status).toBe('Paused');
    expect(result.creationStep).toBe('ready');
  });

  it('only the exact value "true" pauses', () => {
    expect(
      vClusterStatus({ statefulSet: sts({ annotations: { 'loft.sh/paused': 'false' } }), pods: [runningPod()], kubeconfigSecretExists: true })
        .status,
    ).toBe('Running');
  });

  it('the pod status otherwise, with a pod summary', () => {
    const result = vClusterStatus({ statefulSet: sts(), pods: [runningPod()], kubeconfigSecretExists: true });
    expect(result).toEqual({
      status: 'Running',
      creationStep: 'ready',
      configPending: false,
      configPendingReasons: [],
      pods: [{ name: 'dev-0', status: 'Running', ready: '1/1', restarts: 0, node: 'worker-1' }],
    });
  });

  it('ScaledDown with no pods and zero replicas', () => {
    expect(vClusterStatus({ statefulSet: sts({ replicas: 0 }), pods: [], kubeconfigSecretExists: true }).status).toBe(
      'ScaledDown',
    );
  });

  it('Unknown while the StatefulSet has no pod yet, or does not exist', () => {
    expect(vClusterStatus({ statefulSet: sts(), pods: [], kubeconfigSecretExists: false }).status).toBe('Unknown');
    expect(vClusterStatus({ pods: [], kubeconfigSecretExists: false }).status).toBe('Unknown');
  });

  it('takes the last pod by name, as the CLI does with the API list order', () => {
    const pods = [pendingPod('dev-1'), runningPod('dev-0')];
    const result = vClusterStatus({ statefulSet: sts({ replicas: 2 }), pods, kubeconfigSecretExists: true });
    expect(result.status).toBe('Pending');
    expect(result.pods.map((p) => p.name)).toEqual(['dev-0', 'dev-1']);
  });

  it('Terminating while the old pod goes away after a pause-less scale-down', () => {
    const pod = runningPod();
    pod.metadata!.deletionTimestamp = '2025-01-01T00:00:00Z';
    expect(vClusterStatus({ statefulSet: sts({ replicas: 0 }), pods: [pod], kubeconfigSecretExists: true }).status).toBe(
      'Terminating',
    );
  });

  it('accepts client-node objects as is', () => {
    const statefulSet: V1StatefulSet = {
      metadata: { name: 'dev', annotations: { 'loft.sh/paused': 'true' } },
      spec: { selector: {}, serviceName: 'dev-headless', template: {} },
    };
    const pods: V1Pod[] = [];
    const events: CoreV1Event[] = [{ involvedObject: { kind: 'Pod', name: 'dev-0' }, metadata: {} }];
    expect(vClusterStatus({ statefulSet, pods, events, kubeconfigSecretExists: false }).status).toBe('Paused');
  });
});

describe('creationStep', () => {
  const step = (input: Parameters<typeof vClusterStatus>[0]) => vClusterStatus(input).creationStep;

  it('rendering, then applying, from what exists', () => {
    expect(step({ pods: [], kubeconfigSecretExists: false })).toBe('rendering');
    expect(step({ pods: [], kubeconfigSecretExists: false, configSecretExists: true })).toBe('applying');
  });

  it('control-plane-starting while the pod is missing, pending or not ready', () => {
    expect(step({ statefulSet: sts(), pods: [], kubeconfigSecretExists: false })).toBe('control-plane-starting');
    expect(step({ statefulSet: sts(), pods: [pendingPod()], kubeconfigSecretExists: false })).toBe('control-plane-starting');
    const notReady = runningPod();
    notReady.status!.conditions = [{ type: 'Ready', status: 'False' }];
    expect(step({ statefulSet: sts(), pods: [notReady], kubeconfigSecretExists: false })).toBe('control-plane-starting');
  });

  it('kubeconfig-pending when ready without Secret vc-NAME, ready with it', () => {
    expect(step({ statefulSet: sts(), pods: [runningPod()], kubeconfigSecretExists: false })).toBe('kubeconfig-pending');
    expect(step({ statefulSet: sts(), pods: [runningPod()], kubeconfigSecretExists: true })).toBe('ready');
  });

  it('a restarting control plane is starting again, even with the Secret', () => {
    expect(step({ statefulSet: sts(), pods: [pendingPod()], kubeconfigSecretExists: true })).toBe('control-plane-starting');
  });
});

describe('configPending', () => {
  it('false when the pod runs the current revision and config', () => {
    expect(configPending({ statefulSet: sts(), pods: [runningPod()] })).toEqual({ pending: false, reasons: [] });
  });

  it('true when the pod config hash differs from the template', () => {
    const result = configPending({ statefulSet: sts({ templateHash: 'h2' }), pods: [runningPod()] });
    expect(result.pending).toBe(true);
    expect(result.reasons).toEqual(['Pod dev-0 was started with an older configuration.']);
  });

  it('honours another annotation key', () => {
    const statefulSet = sts();
    statefulSet.spec!.template!.metadata!.annotations = { 'example.com/config': 'new' };
    const pod = runningPod();
    pod.metadata!.annotations = { 'example.com/config': 'old' };
    expect(configPending({ statefulSet, pods: [pod], configHashAnnotation: 'example.com/config' }).pending).toBe(true);
    // With the default key, neither side has it, so nothing differs.
    expect(configPending({ statefulSet, pods: [pod] }).pending).toBe(false);
  });

  it('true during a rollout and when the pod has an older revision', () => {
    const rolling = configPending({
      statefulSet: sts({ currentRevision: 'dev-abc', updateRevision: 'dev-def' }),
      pods: [runningPod()],
    });
    expect(rolling.reasons).toEqual([
      'Rollout in progress: revision dev-def is replacing dev-abc.',
      'Pod dev-0 runs revision dev-abc, not dev-def.',
    ]);
  });

  it('true while the controller has not observed the latest generation', () => {
    expect(configPending({ statefulSet: sts({ generation: 3, observedGeneration: 2 }), pods: [runningPod()] }).reasons).toEqual([
      'The StatefulSet controller has not processed the latest change yet.',
    ]);
  });

  it('false without a running pod: the next one starts with the current config', () => {
    expect(configPending({ statefulSet: sts({ templateHash: 'h2', generation: 2, observedGeneration: 1 }), pods: [] }).pending).toBe(false);
    expect(
      configPending({ statefulSet: sts({ templateHash: 'h2', annotations: { 'loft.sh/paused': 'true' } }), pods: [runningPod()] }).pending,
    ).toBe(false);
  });

  it('is reported by vClusterStatus', () => {
    const result = vClusterStatus({ statefulSet: sts({ templateHash: 'h2' }), pods: [runningPod()], kubeconfigSecretExists: true });
    expect(result.configPending).toBe(true);
    expect(result.status).toBe('Running');
  });
});

describe('waitingReason', () => {
  it('shows the newest warning of the pod and its PVC', () => {
    const events = [
      event('Pod', 'dev-0', 'FailedScheduling', '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.', '2025-01-01T00:00:10Z'),
      event('PersistentVolumeClaim', 'data-dev-0', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found', '2025-01-01T00:00:20Z'),
      event('Pod', 'other-0', 'FailedScheduling', 'unrelated pod', '2025-01-01T00:00:30Z'),
      event('Pod', 'dev-0', 'Pulled', 'normal events are not reasons', '2025-01-01T00:00:05Z', 'Normal'),
    ];
    const reason = waitingReason({ statefulSet: sts(), pods: [pendingPod()], events });
    expect(reason?.summary).toBe('ProvisioningFailed: storageclass.storage.k8s.io "fast" not found');
    expect(reason?.events.map((e) => [e.kind, e.reason, e.lastSeen])).toEqual([
      ['PersistentVolumeClaim', 'ProvisioningFailed', '2025-01-01T00:00:20.000Z'],
      ['Pod', 'FailedScheduling', '2025-01-01T00:00:10.000Z'],
    ]);
  });

  it('drops warnings a later Normal event of the same object resolved', () => {
    const events = [
      event('Pod', 'dev-0', 'FailedScheduling', 'old', '2025-01-01T00:00:10Z'),
      event('Pod', 'dev-0', 'Scheduled', 'assigned', '2025-01-01T00:00:20Z', 'Normal'),
      event('Pod', 'dev-0', 'FailedMount', 'MountVolume.SetUp failed', '2025-01-01T00:00:30Z'),
    ];
    expect(waitingReason({ statefulSet: sts(), pods: [pendingPod()], events })?.events.map((e) => e.reason)).toEqual([
      'FailedMount',
    ]);
  });

  it('ignores events of an earlier pod with the same name', () => {
    const events = [event('Pod', 'dev-0', 'FailedScheduling', 'old pod', '2025-01-01T00:00:10Z', 'Warning', 'uid-old')];
    const reason = waitingReason({ statefulSet: sts(), pods: [pendingPod('dev-0', 'uid-new')], events });
    // Falls back to the pod's own PodScheduled condition.
    expect(reason).toEqual({
      summary: 'Unschedulable: 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      events: [
        {
          kind: 'Pod',
          name: 'dev-0',
          reason: 'Unschedulable',
          message: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
          count: 1,
          source: 'condition',
        },
      ],
    });
  });

  it('explains a pod the StatefulSet cannot create (quota) and its future PVC', () => {
    const events = [
      event('StatefulSet', 'dev', 'FailedCreate', 'create Pod dev-0 in StatefulSet dev failed error: pods "dev-0" is forbidden: exceeded quota: compute', '2025-01-01T00:00:10Z'),
      event('PersistentVolumeClaim', 'data-dev-0', 'ProvisioningFailed', 'no storage', '2025-01-01T00:00:05Z'),
    ];
    const reason = waitingReason({ statefulSet: sts(), pods: [], events });
    expect(reason?.summary).toMatch(/^FailedCreate: .*exceeded quota/);
    expect(reason?.events).toHaveLength(2);
  });

  it('collapses repeats to the newest and reads series and Date timestamps', () => {
    const events: EventLike[] = [
      event('Pod', 'dev-0', 'FailedScheduling', 'first', '2025-01-01T00:00:10Z'),
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        message: 'latest',
        involvedObject: { kind: 'Pod', name: 'dev-0' },
        eventTime: new Date('2025-01-01T00:00:00Z'),
        series: { count: 12, lastObservedTime: new Date('2025-01-01T00:01:00Z') },
      },
    ];
    const reason = waitingReason({ statefulSet: sts(), pods: [pendingPod()], events });
    expect(reason?.events).toEqual([
      { kind: 'Pod', name: 'dev-0', reason: 'FailedScheduling', message: 'latest', count: 12, lastSeen: '2025-01-01T00:01:00.000Z', source: 'event' },
    ]);
  });

  it('limits the list', () => {
    const events = Array.from({ length: 8 }, (_, i) =>
      event('Pod', 'dev-0', `Reason${i}`, `m${i}`, `2025-01-01T00:00:0${i}Z`),
    );
    expect(waitingReason({ statefulSet: sts(), pods: [pendingPod()], events, max: 3 })?.events.map((e) => e.reason)).toEqual([
      'Reason7',
      'Reason6',
      'Reason5',
    ]);
  });

  it('is absent while running or paused', () => {
    const events = [event('Pod', 'dev-0', 'BackOff', 'x', '2025-01-01T00:00:10Z')];
    expect(waitingReason({ statefulSet: sts(), pods: [runningPod()], events })).toBeUndefined();
    expect(
      waitingReason({ statefulSet: sts({ annotations: { 'loft.sh/paused': 'true' } }), pods: [pendingPod()], events }),
    ).toBeUndefined();
    expect(vClusterStatus({ statefulSet: sts(), pods: [runningPod()], events, kubeconfigSecretExists: true }).waitingReason).toBeUndefined();
  });

  it('is part of vClusterStatus while Pending', () => {
    const events = [event('PersistentVolumeClaim', 'data-dev-0', 'ProvisioningFailed', 'no storage', '2025-01-01T00:00:05Z')];
    const result = vClusterStatus({ statefulSet: sts(), pods: [pendingPod()], events, kubeconfigSecretExists: false });
    expect(result.status).toBe('Pending');
    expect(result.waitingReason?.summary).toBe('ProvisioningFailed: no storage');
  });
});
