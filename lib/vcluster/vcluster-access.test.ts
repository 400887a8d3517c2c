import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconfigDownloadSettings } from './kubeconfig-download';
import { vClusterAccessSettings, vClusterServer } from './vcluster-access';

const ref = { tenant: 'acme', name: 'dev', namespace: 'vc-acme--dev' };

describe('vCluster access strategy', () => {
  it('defaults to the Service DNS name in the cluster and the service proxy outside', () => {
    expect(vClusterAccessSettings({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }).strategy).toBe('service-dns');
    expect(vClusterAccessSettings({}).strategy).toBe('pod-port-forward');
    expect(vClusterAccessSettings({ CUBBY_VCLUSTER_ACCESS: 'secret-server', KUBERNETES_SERVICE_HOST: 'x' }).strategy).toBe('secret-server');
    expect(vClusterAccessSettings({ CUBBY_VCLUSTER_ACCESS: '' }).strategy).toBe('pod-port-forward');
    expect(() => vClusterAccessSettings({ CUBBY_VCLUSTER_ACCESS: 'ssh' })).toThrow(/service-dns, service-proxy, pod-port-forward, secret-server/);
    expect(vClusterAccessSettings({ CUBBY_VCLUSTER_ACCESS: 'pod-port-forward' }).strategy).toBe('pod-port-forward');
  });

  it('addresses the vCluster per strategy', () => {
    expect(vClusterServer('service-dns', ref, 'https://localhost:8443', 'https://host:6443')).toBe('https://dev.vc-acme--dev.svc:443');
    expect(vClusterServer('service-proxy', ref, 'https://localhost:8443', 'https://host:6443/')).toBe(
      'https://host:6443/api/v1/namespaces/vc-acme--dev/services/https:dev:443/proxy',
    );
    expect(vClusterServer('secret-server', ref, 'https://127.0.0.1:40123', 'https://host:6443')).toBe('https://127.0.0.1:40123');
    // Inside the tunnel the vCluster is where its own kubeconfig says: its pod's localhost.
    expect(vClusterServer('pod-port-forward', ref, 'https://127.0.0.1:40123', 'https://host:6443')).toBe('https://localhost:8443');
  });
});

describe('kubeconfigDownloadSettings', () => {
  it('reads the override template, a node address and the host context name', () => {
    expect(
      kubeconfigDownloadSettings({
        CUBBY_VCLUSTER_SERVER_OVERRIDE: 'https://{name}.{namespace}.example.com',
        CUBBY_VCLUSTER_NODE_ADDRESS: '192.0.2.10',
        CUBBY_HOST_CONTEXT: 'prod',
        CUBBY_VCLUSTER_ACCESS: 'service-dns',
      }),
    ).toEqual({
      serverOverride: 'https://{name}.{namespace}.example.com',
      nodeAddress: '192.0.2.10',
      hostContext: 'prod',
      access: { strategy: 'service-dns' },
    });
    expect(kubeconfigDownloadSettings({}).hostContext).toBe('cubby');
    expect(() => kubeconfigDownloadSettings({ CUBBY_HOST_CONTEXT: 'a b' })).toThrow(/CUBBY_HOST_CONTEXT/);
  });

  it("ends context names in the host kubeconfig's context, as `vcluster connect` does", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cubby-ctx-')), 'kubeconfig');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: eu, cluster: {server: "https://eu.example.com"}}, {name: us, cluster: {server: "https://us.example.com"}}]',
        'users: [{name: me, user: {token: t}}]',
        'contexts: [{name: prod-eu, context: {cluster: eu, user: me}}, {name: prod-us, context: {cluster: us, user: me}}]',
        'current-context: prod-eu',
      ].join('\n'),
    );
    expect(kubeconfigDownloadSettings({ CUBBY_KUBECONFIG: file }).hostContext).toBe('prod-eu');
    expect(kubeconfigDownloadSettings({ KUBECONFIG: file }).hostContext).toBe('prod-eu');
    expect(kubeconfigDownloadSettings({ CUBBY_KUBECONFIG: file, CUBBY_KUBE_CONTEXT: 'prod-us' }).hostContext).toBe('prod-us');
    expect(kubeconfigDownloadSettings({ CUBBY_KUBECONFIG: file, CUBBY_HOST_CONTEXT: 'shared' }).hostContext).toBe('shared');
    expect(kubeconfigDownloadSettings({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }).hostContext).toBe('cubby');
  });
});
