// Leader election against the sandbox's kube-apiserver: Cubby's ServiceAccount writes a real
// Lease in Cubby's namespace (its Role allows leases there).
import { afterAll, describe, expect, it } from 'vitest';
import { cubbyNamespace } from '@/lib/tenancy/settings';
import { sandboxDeps, waitFor } from '@/lib/vcluster/lifecycle.testing';
import { LeaderLease, LeaseType } from './leader-lease';

describe('leader lease on the sandbox', () => {
  const { client } = sandboxDeps();
  const name = `test-lease-${Date.now().toString(36)}`;
  const namespace = cubbyNamespace();
  const make = (identity: string) => new LeaderLease({ client, namespace, name, identity, leaseDurationSeconds: 2, renewMs: 200 });

  afterAll(async () => {
    await client.delete(LeaseType, name, namespace).catch(() => undefined);
    client.close();
  });

  it('exactly one of two candidates leads; the other takes over after a release and after a crash', async () => {
    const a = make('a');
    const b = make('b');
    a.start();
    b.start();
    await waitFor('a leader', async () => a.isLeader || b.isLeader, 10_000, 50);
    for (let i = 0; i < 10; i++) {
      expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [leader, follower] = a.isLeader ? [a, b] : [b, a];
    const lease = await client.get<{ spec: { holderIdentity: string; leaseDurationSeconds: number } }>(LeaseType, name, namespace);
    expect(lease.spec).toMatchObject({ holderIdentity: leader.identity, leaseDurationSeconds: 2 });

    // Released: taken over at the follower's next try, not after the lease duration.
    const released = Date.now();
    await leader.stop();
    await waitFor('the follower to lead', async () => follower.isLeader, 5_000, 20);
    expect(Date.now() - released).toBeLessThan(1_500);

    // Crashed (no release): only after the follower saw the record unchanged for 2 s.
    const c = make('c');
    c.start();
    await new Promise((r) => setTimeout(r, 600));
    expect(c.isLeader).toBe(false);
    const crashed = Date.now();
    await follower.stop({ release: false });
    await waitFor('c to lead', async () => c.isLeader, 10_000, 20);
    expect(Date.now() - crashed).toBeGreaterThanOrEqual(1_500);
    const after = await client.get<{ spec: { holderIdentity: string; leaseTransitions: number } }>(LeaseType, name, namespace);
    expect(after.spec.holderIdentity).toBe('c');
    expect(after.spec.leaseTransitions).toBeGreaterThanOrEqual(2);
    await c.stop();
  }, 30_000);
});
