import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { enforcedNodeSelector, parseVClusterConfig } from './vcluster-config';

describe('vCluster config.yaml', () => {
  it('fills the chart defaults for an empty config', () => {
    const config = parseVClusterConfig(undefined, 'tenant-a');
    expect(config.sync.toHost).toEqual({ pods: true, services: true, ingresses: false });
    expect(config.sync.fromHost.nodes).toEqual({
      enabled: false, syncBackChanges: false, clearImageStatus: false, selector: { all: false, labels: {} },
    });
    expect(config.workloadServiceAccount).toBe('vc-workload-tenant-a');
    expect(config.proxyKubelets).toEqual({ byHostname: true, byIP: true });
    expect(config.exportKubeConfig).toEqual({ server: '', context: '' });
  });

  it('reads the 0.20+ keys the runtime acts on', () => {
    const text = stringify({
      sync: {
        toHost: { ingresses: { enabled: true } },
        fromHost: { nodes: { enabled: true, clearImageStatus: 'true', selector: { labels: { 'cubby.dev/pool': 'highmem' } } } },
      },
      controlPlane: {
        proxy: { extraSANs: ['vc.example.com', '192.0.2.10'] },
        advanced: { workloadServiceAccount: { name: 'workloads' } },
      },
      exportKubeConfig: { context: 'tenant-a' },
    });
    const config = parseVClusterConfig(text, 'tenant-a');
    expect(config.sync.toHost.ingresses).toBe(true);
    expect(config.sync.fromHost.nodes.enabled).toBe(true);
    expect(config.sync.fromHost.nodes.clearImageStatus).toBe(true);
    expect(config.extraSANs).toEqual(['vc.example.com', '192.0.2.10']);
    expect(config.workloadServiceAccount).toBe('workloads');
    expect(config.exportKubeConfig.context).toBe('tenant-a');
    expect(enforcedNodeSelector(config)).toEqual({ 'cubby.dev/pool': 'highmem' });
  });

  it('forces no node selector while node sync is off', () => {
    const text = stringify({ sync: { fromHost: { nodes: { enabled: false, selector: { labels: { a: 'b' } } } } } });
    expect(enforcedNodeSelector(parseVClusterConfig(text, 'x'))).toEqual({});
  });
});
