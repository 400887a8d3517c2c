// Sleep mode against the sandbox: a real vCluster (the runtime brings it up after a resume),
// the real host cache, the real pause and resume, an injected clock instead of waiting minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { listAudit } from '@/lib/tenancy/audit';
import type { Template } from '@/lib/tenancy/model';
import { createHostCache, type HostCache } from '@/lib/vcluster/host-cache';
import { pauseVCluster, resumeVCluster } from '@/lib/vcluster/pause-resume';
import { LeaseType } from '@/lib/kube/leader-lease';
import { cubbyNamespace } from '@/lib/tenancy/settings';
import { setKeepAwake } from './sleep-settings-store';
import { createVCluster } from '@/lib/vcluster/provision';
import { readKubeconfigSecret, vClusterAccessSettings, vClusterClientFromSecret } from '@/lib/vcluster/vcluster-access';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { rejection, removeTenantNamespaces, sandboxDeps, testTemplate, testTenant, waitFor, waitForRunningControlPlane } from '@/lib/vcluster/lifecycle.testing';
import { SleepController } from './sleep-controller';
import { setSleepSettings } from './sleep-settings-store';
import { sleepState } from './sleep-state';
import { wakeOnUse } from './wake-on-use';
import { WEEKDAYS } from './weekly-schedule';

describe('sleep mode on the sandbox', () => {
  const base = sandboxDeps();
  const { client } = base;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const deps = { ...base, now };
  const tenant = testTenant({ templates: ['sleepy'] });
  const template: Template = {
    ...testTemplate('sleepy', []),
    spec: { ...testTemplate('sleepy', []).spec, sleep: { afterIdleMinutes: { default: 1, min: 1, max: 600 }, allowNever: true, allowTenantChange: true } },
  };
  const ref: VClusterRef = { tenant: tenant.name, name: 'sl', namespace: `vc-${tenant.name}--sl` };
  let cache: HostCache;
  let controller: SleepController;

  const ns = () => client.get<V1Namespace>(ResourceTypes.Namespace, ref.namespace);
  const sts = () => client.get<V1StatefulSet>(ResourceTypes.StatefulSet, ref.name, ref.namespace);
  const view = () => ({ namespaces: () => cache.namespaces().filter((n) => n.metadata.name === ref.namespace), workload: cache.workload.bind(cache), template: () => template });
  /** One round once the cache shows what the host has (the round reads the cache). */
  const pick = (a?: Record<string, string>) => JSON.stringify(Object.entries(a ?? {}).filter(([k]) => k.startsWith('cubby.dev/') || k.startsWith('loft.sh/')).sort());
  const round = async (c = controller) => {
    await waitFor('the host cache to catch up', async () => {
      const [n, w] = await Promise.all([ns(), sts()]);
      return (
        pick(cache.namespace(ref.namespace)?.metadata.annotations) === pick(n.metadata?.annotations) &&
        pick(cache.workload(ref.namespace, ref.name)?.metadata.annotations) === pick(w.metadata?.annotations)
      );
    }, 20_000, 100);
    return (await c.tick()).filter((a) => a.ref.namespace === ref.namespace);
  };
  const probe = async () => {
    try {
      const secret = await readKubeconfigSecret(client, 'service-account', ref);
      const vc = vClusterClientFromSecret(secret, ref, vClusterAccessSettings({ CUBBY_VCLUSTER_ACCESS: 'secret-server' }), client);
      try {
        await vc.request({ method: 'GET', path: '/version', timeoutMs: 2000 });
        return true;
      } finally {
        vc.close();
      }
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    await createVCluster(base, { tenant, template, name: 'sl', requestedBy: 'alice', actor: 'service-account' });
    await waitForRunningControlPlane(client, ref.namespace, 'sl');
    cache = createHostCache(client);
    await cache.ready();
    controller = new SleepController({ deps, cache: view(), lease: false });
  }, 120_000);

  afterAll(async () => {
    await controller?.stop();
    await cache?.dispose();
    await removeTenantNamespaces(client, tenant.name);
    client.close();
  });

  it('starts the idle count, then sleeps after one idle minute exactly as the CLI pauses', async () => {
    expect((await round()).map((a) => a.decision.action)).toEqual(['mark-awake']);
    expect(sleepState(await ns()).awakeSince).toBeDefined();
    expect(await round()).toEqual([]);
    offset = 61_000;
    const [action] = await round();
    expect(action).toMatchObject({ decision: { action: 'sleep', reason: 'idle' }, done: true });
    const workload = await sts();
    expect(workload.spec?.replicas).toBe(0);
    expect(workload.metadata?.annotations).toMatchObject({ 'loft.sh/paused': 'true', 'loft.sh/paused-replicas': '1' });
    const state = sleepState(await ns());
    expect(state).toMatchObject({ phase: 'asleep', reason: 'idle' });
    expect(state.asleepSince).toBeDefined();
    expect(state.freed).toBeDefined();
    const records = await listAudit(client, { tenant: tenant.name, action: 'vcluster.sleep' });
    expect(records[0]).toMatchObject({ actor: { user: 'cubby:sleep-mode' }, vcluster: 'sl', result: 'success' });
    expect(records[0]!.message).toMatch(/asleep after idle time/);
  }, 60_000);

  it('wakes on use, once for concurrent callers, and holds them until the API answers', async () => {
    const started = Date.now();
    const results = await Promise.all([1, 2, 3].map(() => wakeOnUse(deps, ref, 'alice', { probe, timeoutMs: 60_000 })));
    expect(results.every((r) => r.woke)).toBe(true);
    expect(await probe()).toBe(true);
    const state = sleepState(await ns());
    expect(state.phase).toBeUndefined();
    expect(state.lastWake).toMatchObject({ reason: 'use', by: 'alice' });
    expect(state.history).toHaveLength(1);
    expect(state.history[0]).toMatchObject({ reason: 'idle', wake: 'use', by: 'alice' });
    const wakes = await listAudit(client, { tenant: tenant.name, action: 'vcluster.wake' });
    expect(wakes).toHaveLength(1);
    expect(wakes[0]).toMatchObject({ actor: { user: 'alice' }, message: 'woke on use (alice)' });
    console.log(`wake on use: ${Date.now() - started} ms until the vCluster API answered`);
  }, 90_000);

  it('sleeps by schedule inside a window and wakes when it ends (injected clock)', async () => {
    // A window 3 days from now (UTC), an hour long: far from the real clock.
    const day = new Date(Date.now() + 3 * 86_400_000);
    const weekday = WEEKDAYS[(day.getUTCDay() + 6) % 7]!;
    await setSleepSettings(base, { tenant: tenant.name, name: 'sl', actor: 'service-account', template, settings: { afterIdleMinutes: null, schedule: { timeZone: 'UTC', windows: [{ days: [weekday], from: '10:00', to: '11:00' }] } } });
    const windowStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 0);
    offset = windowStart + 60_000 - Date.now();
    const [sleep] = await round();
    expect(sleep).toMatchObject({ decision: { action: 'sleep', reason: 'schedule' }, done: true });
    expect((await sts()).metadata?.annotations?.['loft.sh/paused']).toBe('true');
    offset = windowStart + 30 * 60_000 - Date.now();
    expect(await round()).toEqual([]);
    offset = windowStart + 61 * 60_000 - Date.now();
    const [wake] = await round();
    expect(wake).toMatchObject({ decision: { action: 'wake', reason: 'schedule' }, done: true });
    expect((await sts()).metadata?.annotations?.['loft.sh/paused']).toBeUndefined();
    expect(sleepState(await ns()).lastWake).toMatchObject({ reason: 'schedule' });
  }, 90_000);

  it('finishes a sleep and a wake that a server left half done (restart convergence)', async () => {
    // A server wrote its intent and died before pausing.
    await client.patch(ResourceTypes.Namespace, ref.namespace, undefined, {
      metadata: { annotations: { 'cubby.dev/sleep-phase': 'falling-asleep', 'cubby.dev/sleep-reason': 'idle', 'cubby.dev/asleep-since': now().toISOString() } },
    });
    const restarted = new SleepController({ deps, cache: view(), lease: false });
    expect((await round(restarted)).map((a) => [a.decision.action, a.done])).toEqual([['finish-sleep', true]]);
    expect((await sts()).metadata?.annotations?.['loft.sh/paused']).toBe('true');
    expect(sleepState(await ns()).phase).toBe('asleep');
    // Another wrote "waking" and died before resuming.
    await client.patch(ResourceTypes.Namespace, ref.namespace, undefined, {
      metadata: { annotations: { 'cubby.dev/sleep-phase': 'waking', 'cubby.dev/last-wake': JSON.stringify({ at: now().toISOString(), reason: 'use', by: 'bob' }) } },
    });
    const again = new SleepController({ deps, cache: view(), lease: false });
    expect((await round(again)).map((a) => [a.decision.action, a.done])).toEqual([['finish-wake', true]]);
    expect((await sts()).spec?.replicas).toBe(1);
    const state = sleepState(await ns());
    expect(state.phase).toBeUndefined();
    expect(state.history.at(-1)).toMatchObject({ wake: 'use', by: 'bob' });
  }, 60_000);

  it('never wakes a vCluster paused by hand, by schedule or on use', async () => {
    await waitForRunningControlPlane(client, ref.namespace, 'sl');
    await pauseVCluster(base, { tenant: tenant.name, name: 'sl', actor: 'service-account' });
    const actions = await round();
    expect(actions.map((a) => a.decision.action).filter((a) => a !== 'clear-awake')).toEqual([]);
    expect(await round()).toEqual([]);
    expect(await rejection(wakeOnUse(deps, ref, 'alice', { probe, timeoutMs: 2_000 }))).toMatchObject({ status: 409, code: 'paused_by_hand' });
    expect((await sts()).metadata?.annotations?.['loft.sh/paused']).toBe('true');
  }, 60_000);

  it('with two controllers only the Lease holder acts; the other takes over when it stops', async () => {
    await resumeVCluster(base, { tenant: tenant.name, name: 'sl', actor: 'service-account' });
    await setSleepSettings(base, { tenant: tenant.name, name: 'sl', actor: 'service-account', template, settings: { afterIdleMinutes: 1, schedule: null } });
    const lease = { name: `test-sleep-${Date.now().toString(36)}`, leaseDurationSeconds: 2, renewMs: 200 };
    const one = new SleepController({ deps, cache: view(), lease: { ...lease, identity: 'one' } });
    const two = new SleepController({ deps, cache: view(), lease: { ...lease, identity: 'two' } });
    try {
      one.lease!.start();
      two.lease!.start();
      await waitFor('a leader', async () => one.isLeader || two.isLeader, 10_000, 50);
      const [leader, follower] = one.isLeader ? [one, two] : [two, one];
      await round(leader); // mark-awake after the hand resume
      offset += 5 * 60_000;
      expect(await round(follower)).toEqual([]);
      expect((await round(leader)).map((a) => a.decision.action)).toEqual(['sleep']);
      // The leader dies without releasing; after the lease duration the other leads and acts.
      await leader.lease!.stop({ release: false });
      await waitFor('the other controller to lead', async () => follower.isLeader, 10_000, 50);
      await setKeepAwake(deps, { tenant: tenant.name, name: 'sl', actor: 'service-account', hours: 2, by: 'carol' });
      expect((await round(follower)).map((a) => [a.decision.action, a.done])).toEqual([['wake', true]]);
      expect(sleepState(await ns()).lastWake).toMatchObject({ reason: 'keep-awake', by: 'carol' });
    } finally {
      await one.stop();
      await two.stop();
      await client.delete(LeaseType, lease.name, cubbyNamespace()).catch(() => undefined);
    }
  }, 60_000);
});
