import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type ContainerStatusLike, type PodLike, podDisplayStatus, podStatusText } from './pod-status';

// Builders for the pod shapes kubelet reports in each situation.
const running = (name = 'syncer', ready = true, restartCount = 0): ContainerStatusLike => ({
  name,
  ready,
  restartCount,
  state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
});
const waiting = (reason: string, name = 'syncer', restartCount = 0): ContainerStatusLike => ({
  name,
  ready: false,
  restartCount,
  state: { waiting: { reason } },
});
const terminated = (
  exitCode: number,
  reason?: string,
  name = 'syncer',
  signal?: number,
): ContainerStatusLike => ({
  name,
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) } },
});

function pod(parts: {
  phase?: string;
  reason?: string;
  init?: ContainerStatusLike[];
  initSpecs?: Array<{ name: string; restartPolicy?: string }>;
  containers?: ContainerStatusLike[];
  containerNames?: string[];
  conditions?: Array<{ type: string; status: string; reason?: string }>;
  deleting?: boolean;
}): PodLike {
  const containerNames = parts.containerNames ?? ['syncer'];
  return {
    metadata: { name: 'dev-0', ...(parts.deleting ? { deletionTimestamp: '2025-01-01T00:10:00Z' } : {}) },
    spec: {
      initContainers: parts.initSpecs ?? (parts.init ?? []).map((c) => ({ name: c.name })),
      containers: containerNames.map((name) => ({ name })),
    },
    status: {
      ...(parts.phase !== undefined ? { phase: parts.phase } : {}),
      ...(parts.reason ? { reason: parts.reason } : {}),
      ...(parts.conditions ? { conditions: parts.conditions } : {}),
      ...(parts.init ? { initContainerStatuses: parts.init } : {}),
      ...(parts.containers ? { containerStatuses: parts.containers } : {}),
    },
  };
}

const readyTrue = [
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: 'True' },
];

describe('podDisplayStatus: kubectl STATUS column', () => {
  it('Running with READY 1/1', () => {
    expect(podDisplayStatus(pod({ phase: 'Running', containers: [running()], conditions: readyTrue }))).toEqual({
      status: 'Running',
      readyContainers: 1,
      totalContainers: 1,
      restarts: 0,
    });
  });

  it('Pending before anything is reported', () => {
    expect(podStatusText(pod({ phase: 'Pending' }))).toBe('Pending');
  });

  it('SchedulingGated from the PodScheduled condition', () => {
    expect(
      podStatusText(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })),
    ).toBe('SchedulingGated');
  });

  it('ContainerCreating from the waiting reason', () => {
    expect(podStatusText(pod({ phase: 'Pending', containers: [waiting('ContainerCreating')] }))).toBe('ContainerCreating');
  });

  it('Init:0/1 while the init container runs or waits with PodInitializing', () => {
    const init = { name: 'kubernetes', ready: false, restartCount: 0, state: { running: {} } };
    expect(podStatusText(pod({ phase: 'Pending', init: [init], containers: [waiting('PodInitializing')] }))).toBe(
      'Init:0/1',
    );
    expect(podStatusText(pod({ phase: 'Pending', init: [waiting('PodInitializing', 'kubernetes')] }))).toBe('Init:0/1');
  });

  it('Init:1/2 after the first of two init containers succeeded', () => {
    expect(
      podStatusText(
        pod({ phase: 'Pending', init: [terminated(0, 'Completed', 'a'), { name: 'b', ready: false, restartCount: 0, state: { running: {} } }] }),
      ),
    ).toBe('Init:1/2');
  });

  it('Init:CrashLoopBackOff and Init:ImagePullBackOff from the init container', () => {
    expect(podStatusText(pod({ phase: 'Pending', init: [waiting('CrashLoopBackOff', 'kubernetes', 3)] }))).toBe(
      'Init:CrashLoopBackOff',
    );
    expect(podStatusText(pod({ phase: 'Pending', init: [waiting('ImagePullBackOff', 'kubernetes')] }))).toBe(
      'Init:ImagePullBackOff',
    );
  });

  it('Init:Error, Init:ExitCode:N and Init:Signal:N for a failed init container', () => {
    expect(podStatusText(pod({ phase: 'Pending', init: [terminated(1, 'Error', 'kubernetes')] }))).toBe('Init:Error');
    expect(podStatusText(pod({ phase: 'Pending', init: [terminated(2, undefined, 'kubernetes')] }))).toBe('Init:ExitCode:2');
    expect(podStatusText(pod({ phase: 'Pending', init: [terminated(137, undefined, 'kubernetes', 9)] }))).toBe(
      'Init:Signal:9',
    );
  });

  it('PodInitializing once init containers are done', () => {
    expect(
      podStatusText(
        pod({ phase: 'Pending', init: [terminated(0, 'Completed', 'kubernetes')], containers: [waiting('PodInitializing')] }),
      ),
    ).toBe('PodInitializing');
  });

  it('CrashLoopBackOff with restarts and the time of the last one', () => {
    const container: ContainerStatusLike = {
      ...waiting('CrashLoopBackOff', 'syncer', 4),
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: new Date('2025-01-01T00:05:00Z') } },
    };
    expect(podDisplayStatus(pod({ phase: 'Running', containers: [container] }))).toEqual({
      status: 'CrashLoopBackOff',
      readyContainers: 0,
      totalContainers: 1,
      restarts: 4,
      lastRestartAt: '2025-01-01T00:05:00.000Z',
    });
  });

  it('counts init restarts only while initialising', () => {
    const init = { ...terminated(0, 'Completed', 'kubernetes'), restartCount: 2 };
    expect(podDisplayStatus(pod({ phase: 'Running', init: [init], containers: [running()], conditions: readyTrue })).restarts).toBe(0);
    const failing = { ...waiting('CrashLoopBackOff', 'kubernetes'), restartCount: 2 };
    expect(podDisplayStatus(pod({ phase: 'Pending', init: [failing] })).restarts).toBe(2);
  });

  it('Completed, Error, ExitCode:N and Signal:N for terminated containers', () => {
    expect(podStatusText(pod({ phase: 'Succeeded', containers: [terminated(0, 'Completed')] }))).toBe('Completed');
    expect(podStatusText(pod({ phase: 'Failed', containers: [terminated(1, 'Error')] }))).toBe('Error');
    expect(podStatusText(pod({ phase: 'Failed', containers: [terminated(3)] }))).toBe('ExitCode:3');
    expect(podStatusText(pod({ phase: 'Failed', containers: [terminated(143, undefined, 'syncer', 15)] }))).toBe('Signal:15');
    expect(podStatusText(pod({ phase: 'Running', containers: [terminated(137, 'OOMKilled')] }))).toBe('OOMKilled');
  });

  it('Evicted from the pod-level reason', () => {
    expect(podStatusText(pod({ phase: 'Failed', reason: 'Evicted' }))).toBe('Evicted');
  });

  it('the first container decides when several report', () => {
    expect(
      podStatusText(
        pod({ phase: 'Running', containerNames: ['a', 'b'], containers: [waiting('CrashLoopBackOff', 'a'), waiting('ErrImagePull', 'b')] }),
      ),
    ).toBe('CrashLoopBackOff');
  });

  it('Running or NotReady when one container completed and another still runs', () => {
    const containers = [terminated(0, 'Completed', 'a'), running('b')];
    const base = { phase: 'Running', containerNames: ['a', 'b'], containers };
    expect(podStatusText(pod({ ...base, conditions: readyTrue }))).toBe('Running');
    expect(podStatusText(pod({ ...base, conditions: [{ type: 'Ready', status: 'False' }] }))).toBe('NotReady');
  });

  it('counts a started sidecar (restartable init container) in READY', () => {
    const sidecar: ContainerStatusLike = { name: 'proxy', ready: true, restartCount: 1, started: true, state: { running: {} } };
    const display = podDisplayStatus(
      pod({
        phase: 'Running',
        initSpecs: [{ name: 'proxy', restartPolicy: 'Always' }],
        init: [sidecar],
        containers: [running()],
        conditions: readyTrue,
      }),
    );
    expect(display).toMatchObject({ status: 'Running', readyContainers: 2, totalContainers: 2, restarts: 1 });
  });

  it('once Initialized, a main container reason replaces a restarting sidecar\'s, a running one does not', () => {
    const sidecar: ContainerStatusLike = {
      name: 'proxy',
      ready: false,
      restartCount: 1,
      started: false,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
    };
    const base = {
      phase: 'Running',
      initSpecs: [{ name: 'proxy', restartPolicy: 'Always' }],
      init: [sidecar],
      conditions: readyTrue,
    };
    expect(podStatusText(pod({ ...base, containers: [waiting('ErrImagePull')] }))).toBe('ErrImagePull');
    // kubectl keeps the init reason here: the main loop only overwrites it for waiting/terminated.
    const display = podDisplayStatus(pod({ ...base, containers: [running()] }));
    expect(display).toMatchObject({ status: 'Init:CrashLoopBackOff', readyContainers: 1, totalContainers: 2, restarts: 1 });
    // Without the Initialized condition the main containers are not looked at.
    expect(podDisplayStatus(pod({ ...base, conditions: [], containers: [waiting('ErrImagePull')] })).status).toBe(
      'Init:CrashLoopBackOff',
    );
  });

  it('Terminating when deleted, except in a terminal phase; Unknown when the node is lost', () => {
    expect(podStatusText(pod({ phase: 'Running', containers: [running()], conditions: readyTrue, deleting: true }))).toBe(
      'Terminating',
    );
    expect(podStatusText(pod({ phase: 'Pending', deleting: true }))).toBe('Terminating');
    expect(podStatusText(pod({ phase: 'Succeeded', containers: [terminated(0, 'Completed')], deleting: true }))).toBe(
      'Completed',
    );
    expect(podStatusText(pod({ phase: 'Running', reason: 'NodeLost', containers: [running()], deleting: true }))).toBe(
      'Unknown',
    );
  });

  it('accepts a V1Pod from @kubernetes/client-node as is', () => {
    const v1: V1Pod = {
      metadata: { name: 'dev-0', deletionTimestamp: new Date('2025-01-01T00:00:00Z') },
      spec: { containers: [{ name: 'syncer' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'syncer', image: 'x', imageID: 'y', ready: true, restartCount: 0, state: { running: {} } }] },
    };
    expect(podStatusText(v1)).toBe('Terminating');
  });
});
