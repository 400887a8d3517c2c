// Sleep mode through the HTTP API of a real dashboard against the sandbox: a template with a
// sleep policy, a tenant's settings within its bounds, keep-awake, another tenant (404), bad
// input (400, nothing changed), the audit trail and the admin figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Namespace } from '@kubernetes/client-node';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { CubbyResourceTypes } from '@/lib/tenancy/crds';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { ApiCaller, until } from './api-client.testing';

interface SleepView {
  state: string;
  policy?: unknown;
  settings: { afterIdleMinutes?: number | null };
  effective: { afterIdleMinutes?: number };
  sleepsAt?: string;
  keepAwakeUntil?: string;
  keepAwakeBy?: string;
}

const host = new KubeClient(sandboxKubeConfig());
const sleepAnnotations = async (namespace: string) =>
  Object.fromEntries(Object.entries((await host.get<V1Namespace>(ResourceTypes.Namespace, namespace)).metadata?.annotations ?? {}).filter(([k]) => /sleep|keep-awake/.test(k)));

describe('sleep mode over the HTTP API', () => {
  let alice: ApiCaller;
  let bob: ApiCaller;
  let admin: ApiCaller;
  const template = uniqueName('sleepy').slice(0, 30);
  const name = uniqueName('zz').slice(0, 24);
  const path = `/api/vclusters/tenant-a/${name}`;
  const namespace = `vc-tenant-a--${name}`;

  beforeAll(async () => {
    [alice, bob, admin] = await Promise.all([ApiCaller.signIn('alice'), ApiCaller.signIn('bob'), ApiCaller.signIn('admin')]);
    const bad = await admin.call<{ error: { message: string } }>('POST', '/api/templates', { name: template, spec: { sleep: { afterIdleMinutes: { default: 500, min: 5, max: 60 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/between min and max/);
    expect(await host.find(CubbyResourceTypes.VClusterTemplate, template)).toBeUndefined();
    const created = await admin.call('POST', '/api/templates', {
      name: template,
      spec: { sleep: { afterIdleMinutes: { default: 30, min: 5, max: 120 }, allowNever: false, allowTenantChange: true, schedule: { timeZone: 'Europe/Berlin', windows: [{ days: ['sat', 'sun'], from: '00:00', to: '24:00' }] } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Offer it to tenant-a (as the sandbox admin: the test's set-up, not the code under test).
    const tenant = await host.get<{ metadata: { resourceVersion: string }; spec: { templates: string[] } }>(CubbyResourceTypes.Tenant, 'tenant-a');
    await host.patch(CubbyResourceTypes.Tenant, 'tenant-a', undefined, { metadata: { resourceVersion: tenant.metadata.resourceVersion }, spec: { templates: [...tenant.spec.templates, template] } });
    await until('the template to reach the tenant', async () => (await alice.call('POST', '/api/vclusters', { name, template })).status, (s) => s === 202, 20_000);
  }, 60_000);

  afterAll(async () => {
    await admin.call('DELETE', path);
    const tenant = await host.get<{ metadata: { resourceVersion: string }; spec: { templates: string[] } }>(CubbyResourceTypes.Tenant, 'tenant-a');
    await host.patch(CubbyResourceTypes.Tenant, 'tenant-a', undefined, { spec: { templates: tenant.spec.templates.filter((t) => t !== template) } });
    await until('the vCluster to go', async () => (await host.find(ResourceTypes.Namespace, namespace)) === undefined, (gone) => gone, 60_000).catch(() => undefined);
    await admin.call('DELETE', `/api/templates/${template}`);
    host.close();
  }, 90_000);

  it('shows the template policy and when the vCluster sleeps', async () => {
    const view = await until('an awake vCluster with a next sleep', async () => (await alice.call<SleepView>('GET', `${path}/sleep`)).body, (v) => v.state === 'awake' && !!v.sleepsAt, 90_000);
    expect(view.policy).toMatchObject({ afterIdleMinutes: { default: 30, min: 5, max: 120 } });
    expect(view.effective.afterIdleMinutes).toBe(30);
  }, 100_000);

  it("answers another tenant's member 404 on every sleep endpoint and changes nothing", async () => {
    const before = await sleepAnnotations(namespace);
    for (const [method, url, body] of [
      ['GET', `${path}/sleep`, undefined],
      ['PUT', `${path}/sleep`, { afterIdleMinutes: 10 }],
      ['POST', `${path}/sleep/keep-awake`, { hours: 2 }],
    ] as const) {
      const answer = await bob.call<{ error: { code: string } }>(method, url, body);
      expect(answer.status, `${method} ${url}`).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    expect(await sleepAnnotations(namespace)).toEqual(before);
    expect((await ApiCaller.anonymous().call('GET', `${path}/sleep`)).status).toBe(401);
  });

  it('refuses settings outside the bounds or malformed with 400, changing nothing', async () => {
    const before = await sleepAnnotations(namespace);
    for (const body of [
      { afterIdleMinutes: 2 },
      { afterIdleMinutes: 500 },
      { afterIdleMinutes: null },
      { afterIdleMinutes: 'soon' },
      { schedule: { timeZone: 'Mars/Olympus', windows: [{ days: ['mon'], from: '19:00', to: '08:00' }] } },
      { schedule: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '7pm', to: '08:00' }] } },
      { idle: 5 },
    ]) {
      const answer = await alice.call<{ error: { code: string; message: string } }>('PUT', `${path}/sleep`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    for (const body of [{ hours: 25 }, { hours: -1 }, { hours: 'two' }, {}]) {
      expect((await alice.call('POST', `${path}/sleep/keep-awake`, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await sleepAnnotations(namespace)).toEqual(before);
  });

  it('saves settings within the bounds and keeps the vCluster awake, audited', async () => {
    const saved = await alice.call<SleepView>('PUT', `${path}/sleep`, { afterIdleMinutes: 10, schedule: null });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const view = await until('the new settings', async () => (await alice.call<SleepView>('GET', `${path}/sleep`)).body, (v) => v.effective.afterIdleMinutes === 10, 10_000);
    expect(view.settings).toEqual({ afterIdleMinutes: 10, schedule: null });
    const kept = await alice.call<{ keepAwakeUntil: string }>('POST', `${path}/sleep/keep-awake`, { hours: 2 });
    expect(kept.status).toBe(200);
    const until2h = new Date(kept.body.keepAwakeUntil).getTime() - Date.now();
    expect(until2h).toBeGreaterThan(119 * 60_000);
    expect(until2h).toBeLessThanOrEqual(120 * 60_000);
    const keptView = await until('keep-awake to show', async () => (await alice.call<SleepView>('GET', `${path}/sleep`)).body, (v) => !!v.keepAwakeUntil, 10_000);
    expect(keptView.keepAwakeBy).toBe('alice');
    const audit = await admin.call<{ items: Array<{ action: string; actor: { user: string } }> }>('GET', `/api/audit?vcluster=${name}`);
    const actions = audit.body.items.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['vcluster.sleep-settings', 'vcluster.keep-awake']));
  });

  it('gives admins the 7-day figures per tenant, and nobody else', async () => {
    const figures = await admin.call<{ items: Array<{ tenant: string; hoursAsleep: number; daily: number[] }> }>('GET', '/api/admin/sleep');
    expect(figures.status).toBe(200);
    const a = figures.body.items.find((f) => f.tenant === 'tenant-a');
    expect(a?.daily).toHaveLength(7);
    expect((await alice.call('GET', '/api/admin/sleep')).status).toBe(403);
  });
});
