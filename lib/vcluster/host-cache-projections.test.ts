import { describe, expect, it } from 'vitest';
import type { RawObject } from '@/lib/kube/informer';
import {
  MAX_EVENT_MESSAGE,
  eventRecency,
  projectControlPlanePod,
  projectEvent,
  projectIngress,
  projectNamespace,
  projectSecret,
  projectService,
  projectSyncedPod,
  projectWorkload,
} from './host-cache-projections';
import { chooseServer } from './kubeconfig-export';
import { podDisplayStatus } from './pod-status';
import { vClusterStatus } from './status';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

function statefulSet(): RawObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'dev',
      namespace: 'team-a',
      uid: 'sts-uid',
      generation: 3,
      labels: { app: 'vcluster', release: 'dev', chart: 'vcluster-0.36.1' },
      annotations: { 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1', [lastApplied]: '{"huge":true}' },
      managedFields: [{ manager: 'cubby' }],
      creationTimestamp: '2025-01-01T00:00:00Z',
    },
    spec: {
      replicas: 0,
      template: { metadata: { annotations: { vClusterConfigHash: 'h2', other: 'x' } }, spec: { containers: [{ name: 'syncer', image: 'big' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: {} } }],
    },
    status: { replicas: 0, readyReplicas: 0, currentRevision: 'dev-1', updateRevision: 'dev-2', observedGeneration: 3 },
  };
}

function controlPlanePod(): RawObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'dev-0',
      namespace: 'team-a',
      uid: 'pod-uid',
      labels: { app: 'vcluster', release: 'dev', 'controller-revision-hash': 'dev-2', 'some-other': 'x' },
      annotations: { vClusterConfigHash: 'h2', 'cni.example/ip': '1.2.3.4' },
      creationTimestamp: '2025-01-01T00:00:00Z',
    },
    spec: {
      nodeName: 'kwok-node-a',
      initContainers: [{ name: 'kubernetes', image: 'k8s' }],
      containers: [{ name: 'syncer', image: 'syncer', env: [{ name: 'A', value: 'B' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-dev-0' } }, { name: 'tmp', emptyDir: {} }],
    },
    status: {
      phase: 'Running',
      podIP: '10.244.0.5',
      hostIP: '127.0.0.1',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'False', message: 'containers not ready' }],
      initContainerStatuses: [{ name: 'kubernetes', ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      containerStatuses: [
        {
          name: 'syncer',
          ready: false,
          restartCount: 4,
          image: 'syncer',
          imageID: 'sha',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-01-01T00:10:00Z' } },
        },
      ],
    },
  };
}

describe('host cache projections', () => {
  it('keeps a StatefulSet to what status and pause need, without managedFields or last-applied', () => {
    const view = projectWorkload(statefulSet());
    expect(view).toEqual({
      kind: 'StatefulSet',
      metadata: {
        name: 'dev',
        namespace: 'team-a',
        uid: 'sts-uid',
        generation: 3,
        labels: { app: 'vcluster', release: 'dev', chart: 'vcluster-0.36.1' },
        annotations: { 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1' },
        creationTimestamp: '2025-01-01T00:00:00Z',
      },
      spec: { replicas: 0, template: { metadata: { annotations: { vClusterConfigHash: 'h2' } } }, volumeClaimTemplates: [{ metadata: { name: 'data' } }] },
      status: { replicas: 0, readyReplicas: 0, currentRevision: 'dev-1', updateRevision: 'dev-2', observedGeneration: 3 },
    });
    expect(vClusterStatus({ statefulSet: view, pods: [], kubeconfigSecretExists: true }).status).toBe('Paused');
  });

  it('keeps what the kubectl-style status needs of a control-plane pod', () => {
    const view = projectControlPlanePod(controlPlanePod());
    expect(view.metadata.labels).toEqual({ app: 'vcluster', release: 'dev', 'controller-revision-hash': 'dev-2' });
    expect(view.metadata.annotations).toEqual({ vClusterConfigHash: 'h2' });
    expect(view.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-dev-0' } }]);
    expect(JSON.stringify(view)).not.toContain('image');
    expect(JSON.stringify(view)).not.toContain('env');
    expect(podDisplayStatus(view)).toEqual({
      status: 'CrashLoopBackOff',
      readyContainers: 0,
      totalContainers: 1,
      restarts: 4,
      lastRestartAt: '2025-01-01T00:10:00.000Z',
    });
    // Same answer as from the full object.
    expect(podDisplayStatus(view)).toEqual(podDisplayStatus(controlPlanePod() as never));
  });

  it('keeps a synced pod as the row its list shows: the virtual pod behind it and the kubectl columns', () => {
    const raw: RawObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-x-default-x-dev',
        namespace: 'team-a',
        labels: { 'vcluster.loft.sh/managed-by': 'dev', 'vcluster.loft.sh/namespace': 'default', app: 'web' },
        annotations: {
          'vcluster.loft.sh/name': 'web',
          'vcluster.loft.sh/namespace': 'default',
          'vcluster.loft.sh/uid': 'virtual-uid',
          'vcluster.loft.sh/labels': 'app=web',
          [lastApplied]: '{}',
        },
        deletionTimestamp: '2025-01-01T00:20:00Z',
      },
      spec: { nodeName: 'kwok-node-b', containers: [{ name: 'web' }] },
      status: {
        phase: 'Running',
        podIP: '10.244.1.7',
        podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }],
        hostIP: '127.0.0.1',
        conditions: [{ type: 'Ready', status: 'True', message: 'dropped' }],
        containerStatuses: [{ name: 'web', ready: true, restartCount: 2, state: { running: { startedAt: 'x' } } }],
      },
    };
    // A flat row, its kubectl columns computed: no labels, annotations, spec or conditions kept.
    expect(projectSyncedPod(raw)).toEqual({
      metadata: { name: 'web-x-default-x-dev', namespace: 'team-a', deletionTimestamp: '2025-01-01T00:20:00Z' },
      vcluster: 'dev',
      virtualName: 'web',
      virtualNamespace: 'default',
      node: 'kwok-node-b',
      phase: 'Running',
      podIP: '10.244.1.7',
      hostIP: '127.0.0.1',
      status: 'Terminating',
      readyContainers: 1,
      totalContainers: 1,
      restarts: 2,
    });
  });

  it("keeps why a synced pod waits by its own state, cut to one message's length, and nothing for one that runs", () => {
    const pending = (conditions: unknown[], containerStatuses: unknown[] = []): RawObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-x-default-x-dev', namespace: 'team-a', labels: { 'vcluster.loft.sh/managed-by': 'dev' }, annotations: { 'vcluster.loft.sh/name': 'web', 'vcluster.loft.sh/namespace': 'default' } },
      spec: { containers: [{ name: 'web' }] },
      status: { phase: 'Pending', conditions, containerStatuses },
    });
    const unschedulable = projectSyncedPod(pending([{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'x'.repeat(5000) }]));
    expect(unschedulable.status).toBe('Pending');
    expect(unschedulable.waiting).toMatchObject({ reason: 'Unschedulable', source: 'scheduler' });
    expect(unschedulable.waiting?.message).toHaveLength(MAX_EVENT_MESSAGE);
    const pulling = projectSyncedPod(pending([{ type: 'PodScheduled', status: 'True' }], [{ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'pull failed' } } }]));
    expect(pulling).toMatchObject({ status: 'ImagePullBackOff', waiting: { reason: 'ImagePullBackOff', message: 'pull failed', source: 'container web' } });
    const running = { ...pending([]), status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }] } };
    expect(projectSyncedPod(running)).toMatchObject({ status: 'Running', readyContainers: 1 });
    expect(projectSyncedPod(running).waiting).toBeUndefined();
  });

  it('never keeps a Secret’s data, not even through a last-applied annotation', () => {
    const view = projectSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: 'vc-dev',
        namespace: 'team-a',
        labels: { app: 'vcluster', 'vcluster-name': 'dev' },
        annotations: { [lastApplied]: '{"data":{"config":"c2VjcmV0"}}', 'cubby.dev/note': 'kept' },
        creationTimestamp: '2025-01-01T00:00:00Z',
      },
      data: { config: 'c2VjcmV0', 'client-key': 'a2V5' },
      stringData: { token: 'secret' },
    });
    expect(view).toEqual({
      metadata: {
        name: 'vc-dev',
        namespace: 'team-a',
        labels: { app: 'vcluster', 'vcluster-name': 'dev' },
        annotations: { 'cubby.dev/note': 'kept' },
        creationTimestamp: '2025-01-01T00:00:00Z',
      },
      type: 'Opaque',
    });
    expect(JSON.stringify(view)).not.toMatch(/c2VjcmV0|a2V5|secret"/);
  });

  it('of a config Secret keeps only the sync options its config.yaml turns on', () => {
    const config = 'sync:\n  toHost:\n    ingresses:\n      enabled: true\ncontrolPlane:\n  proxy:\n    extraSANs: [secret.example.com]\n';
    const view = projectSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'vc-config-dev', namespace: 'team-a', labels: { app: 'vcluster' } },
      data: { 'config.yaml': Buffer.from(config).toString('base64') },
    });
    expect(view.syncOptions).toMatchObject({ ingressSync: true, nodeSync: { enabled: false } });
    expect(JSON.stringify(view)).not.toContain('secret.example.com');
    const unreadable = projectSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-config-x', namespace: 'n' }, data: { 'config.yaml': Buffer.from('{ not: [yaml').toString('base64') } });
    expect(unreadable.syncOptions).toBeUndefined();
    const other = projectSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'vc-dev', namespace: 'n' }, data: { 'config.yaml': Buffer.from(config).toString('base64') } });
    expect(other.syncOptions).toBeUndefined();
  });

  it('keeps a Service’s ports and LoadBalancer addresses, enough to choose a kubeconfig server', () => {
    const view = projectService({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'dev', namespace: 'team-a', labels: { app: 'vcluster', release: 'dev' } },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.10',
        selector: { app: 'vcluster' },
        ports: [{ name: 'https', port: 443, targetPort: 8443, nodePort: 31443, protocol: 'TCP' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
    });
    expect(view.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, nodePort: 31443, protocol: 'TCP' }]);
    expect(chooseServer({ name: 'dev', namespace: 'team-a', reach: { service: view } }).server).toBe('https://203.0.113.9');
  });

  it('keeps an Ingress’s hosts', () => {
    const view = projectIngress({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'dev', namespace: 'team-a', labels: { app: 'vcluster', release: 'dev' } },
      spec: { ingressClassName: 'nginx', rules: [{ host: 'dev.example.com', http: {} }], tls: [{ hosts: ['dev.example.com'], secretName: 's' }] },
    });
    expect(view).toMatchObject({ ingressClassName: 'nginx', hosts: ['dev.example.com'], tlsHosts: ['dev.example.com'], loadBalancer: [] });
  });

  it('projects events, cutting long messages, and orders them by when they last happened', () => {
    const event = projectEvent({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'dev-0.1', namespace: 'team-a', creationTimestamp: '2025-01-01T00:00:00Z' },
      involvedObject: { kind: 'Pod', name: 'dev-0', namespace: 'team-a', uid: 'pod-uid', fieldPath: 'spec' },
      type: 'Warning',
      reason: 'FailedScheduling',
      message: 'x'.repeat(5000),
      count: 3,
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:05:00Z',
      source: { component: 'scheduler' },
    });
    expect(event.message).toHaveLength(MAX_EVENT_MESSAGE);
    expect(event.involvedObject).toEqual({ kind: 'Pod', name: 'dev-0', namespace: 'team-a', uid: 'pod-uid' });
    expect(eventRecency(event)).toBe(Date.parse('2025-01-01T00:05:00Z'));
    const series = projectEvent({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'team-a' },
      involvedObject: {},
      eventTime: '2025-01-01T00:00:00.000000Z',
      series: { count: 9, lastObservedTime: '2025-01-01T01:00:00.000000Z' },
    });
    expect(eventRecency(series)).toBe(Date.parse('2025-01-01T01:00:00Z'));
  });

  it('keeps a namespace’s labels, phase and only the annotations Cubby reads', () => {
    const view = projectNamespace({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'cubby.dev/tenant': 'a' }, annotations: { 'cubby.dev/x': '1', [lastApplied]: '{}' } },
      status: { phase: 'Terminating' },
    });
    expect(view).toEqual({ metadata: { name: 'team-a', labels: { 'cubby.dev/tenant': 'a' }, annotations: { 'cubby.dev/x': '1' } }, status: { phase: 'Terminating' } });
  });
});
