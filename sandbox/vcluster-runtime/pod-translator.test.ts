import { describe, expect, it } from 'vitest';
import type { KubeClient } from './kube-client';
import { statusFromHost, translatePod, type Pod } from './pod-translator';
import type { SyncContext } from './sync-context';
import { parseVClusterConfig } from './vcluster-config';

function context(configYaml?: string): SyncContext {
  return {
    name: 'tenant-a',
    namespace: 'team-a',
    config: parseVClusterConfig(configYaml, 'tenant-a'),
    host: {} as KubeClient,
    virtual: {} as KubeClient,
    owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'tenant-a', uid: 'sts-uid' },
    log: () => undefined,
  };
}

const virtualPod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-0',
    namespace: 'shop',
    uid: 'pod-uid',
    labels: { app: 'web' },
    annotations: { note: 'kept' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'v-sts', controller: true }],
  },
  spec: {
    nodeName: 'somewhere',
    serviceAccountName: 'builder',
    priority: 0,
    priorityClassName: 'high',
    containers: [{
      name: 'web',
      image: 'nginx',
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }, { name: 'config', mountPath: '/etc/app' }],
    }],
    volumes: [
      { name: 'kube-api-access-abcde', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      { name: 'config', configMap: { name: 'app-config' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
    ],
  },
  status: { phase: 'Pending' },
};

describe('virtual pod -> host pod', () => {
  const hostPod = translatePod(context(), virtualPod);

  it('gets the host name, the syncer labels and annotations, and an ownerReference to the StatefulSet', () => {
    expect(hostPod.metadata?.name).toBe('web-0-x-shop-x-tenant-a');
    expect(hostPod.metadata?.namespace).toBe('team-a');
    expect(hostPod.metadata?.labels).toEqual({ app: 'web', 'vcluster.loft.sh/managed-by': 'tenant-a', 'vcluster.loft.sh/namespace': 'shop' });
    expect(hostPod.metadata?.annotations).toMatchObject({
      note: 'kept',
      'vcluster.loft.sh/object-name': 'web-0',
      'vcluster.loft.sh/object-namespace': 'shop',
      'vcluster.loft.sh/object-uid': 'pod-uid',
      'vcluster.loft.sh/object-kind': '/v1, Kind=Pod',
      'vcluster.loft.sh/name': 'web-0',
      'vcluster.loft.sh/namespace': 'shop',
      'vcluster.loft.sh/uid': 'pod-uid',
      'vcluster.loft.sh/service-account-name': 'builder',
    });
    expect(hostPod.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'tenant-a', uid: 'sts-uid', controller: false }]);
  });

  it('runs as the workload service account without the virtual token, unscheduled', () => {
    expect(hostPod.spec?.serviceAccountName).toBe('vc-workload-tenant-a');
    expect(hostPod.spec?.automountServiceAccountToken).toBe(false);
    expect(hostPod.spec?.nodeName).toBeUndefined();
    expect(hostPod.spec?.priorityClassName).toBeUndefined();
    expect(hostPod.spec?.volumes?.map((v) => v.name)).toEqual(['config', 'data']);
    expect(hostPod.spec?.containers[0]?.volumeMounts?.map((m) => m.name)).toEqual(['config']);
  });

  it('translates the names of referenced objects', () => {
    expect(hostPod.spec?.volumes?.[0]?.configMap?.name).toBe('app-config-x-shop-x-tenant-a');
    expect(hostPod.spec?.containers[0]?.env?.[0]?.valueFrom?.secretKeyRef?.name).toBe('db-x-shop-x-tenant-a');
    expect(hostPod.spec?.volumes?.[1]).toEqual({ name: 'data', emptyDir: {} });
  });

  it('forces the node sync selector onto the pod', () => {
    const withSelector = translatePod(context('sync: {fromHost: {nodes: {enabled: true, selector: {labels: {pool: highmem}}}}}'), virtualPod);
    expect(withSelector.spec?.nodeSelector).toEqual({ pool: 'highmem' });
  });

  it('copies the status fields back', () => {
    const status = statusFromHost({ status: { phase: 'Running', hostIP: '127.0.0.1', podIP: '10.244.0.7', qosClass: 'BestEffort' } });
    expect(status).toMatchObject({ phase: 'Running', hostIP: '127.0.0.1', podIP: '10.244.0.7' });
    expect(status).not.toHaveProperty('qosClass');
  });
});
