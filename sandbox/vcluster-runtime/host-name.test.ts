import { describe, expect, it } from 'vitest';
import { fakeNodeAddress, fakeNodeHostname, hostName, nodeServiceName, safeConcatName } from './host-name';

// Expected values computed outside this code (Python hashlib), from the rule in vcluster-facts.md.
describe('host names of synced objects', () => {
  it('joins name, namespace and vCluster with -x- while short enough', () => {
    expect(hostName('web-7d876db474-n5l8z', 'default', 'tenant-a')).toBe('web-7d876db474-n5l8z-x-default-x-tenant-a');
  });

  it('keeps exactly 63 characters as they are', () => {
    const name = 'n'.repeat(63 - '-x-ns-x-vc'.length);
    expect(hostName(name, 'ns', 'vc')).toBe(`${name}-x-ns-x-vc`);
    expect(hostName(name, 'ns', 'vc')).toHaveLength(63);
  });

  it('hashes longer names: first 52 characters, -, first 10 hex of the sha256 of the full name', () => {
    const name = 'a-rather-long-pod-name-that-needs-hashing-xxxxxxxxxxxx';
    expect(hostName(name, 'default', 'tenant-a')).toBe('a-rather-long-pod-name-that-needs-hashing-xxxxxxxxxx-51008cfff4');
    expect(hostName(name, 'default', 'tenant-a')).toHaveLength(63);
  });

  it('folds a dot left before the joining dash, as the syncer does', () => {
    const name = `web-${'a'.repeat(47)}.`;
    expect(safeConcatName(name, 'x', 'default', 'x', 'vc')).toBe(`web-${'a'.repeat(47)}-d14d182f51`);
  });

  it('names the fake node Service, hostname label and address after the host node', () => {
    expect(nodeServiceName('tenant-a', 'kwok-node-a')).toBe('tenant-a-node-kwok-node-a');
    expect(nodeServiceName('vc', 'ip-10-0-0-1.ec2.internal')).toBe('vc-node-ip-10-0-0-1-ec2-internal');
    expect(fakeNodeHostname('kwok-node-a')).toBe('fake-kwok-node-a');
    expect(fakeNodeAddress('kwok-node-a')).toBe('kwok-node-a.nodes.vcluster.com');
  });
});
