import { describe, expect, it } from 'vitest';
import type { Template } from '@/lib/tenancy/model';
import { buildSleepView, tenantSleepFigures } from './sleep-view';

const template: Template = { name: 'dev', spec: { baseValues: {}, allowedOptions: [], sleep: { afterIdleMinutes: { default: 30, min: 5, max: 60 }, allowTenantChange: true } } };
const now = new Date('2026-12-02T12:00:00Z');
const ns = (annotations: Record<string, string>) => ({ metadata: { name: 'vc-a--x', creationTimestamp: '2026-12-01T00:00:00Z', annotations } });
const running = { metadata: { annotations: {} } };
const paused = { metadata: { annotations: { 'loft.sh/paused': 'true' } } };

describe('sleep view', () => {
  it('says when an awake vCluster sleeps, counting from its latest activity', () => {
    const view = buildSleepView({ namespace: ns({ 'cubby.dev/awake-since': '2026-12-02T10:00:00Z', 'cubby.dev/last-activity-at': '2026-12-02T11:50:00Z', 'cubby.dev/last-activity-by': 'alice' }), workload: running, template, now });
    expect(view).toMatchObject({ state: 'awake', sleepsAt: '2026-12-02T12:20:00.000Z', sleepsBy: 'idle', lastActivity: { by: 'alice' } });
  });

  it('shows asleep since, the last wake and a pause by hand', () => {
    expect(buildSleepView({ namespace: ns({ 'cubby.dev/sleep-phase': 'asleep', 'cubby.dev/sleep-reason': 'idle', 'cubby.dev/asleep-since': '2026-12-02T11:00:00Z' }), workload: paused, template, now })).toMatchObject({
      state: 'asleep',
      asleepSince: '2026-12-02T11:00:00.000Z',
      asleepReason: 'idle',
    });
    expect(buildSleepView({ namespace: ns({ 'cubby.dev/last-wake': JSON.stringify({ at: '2026-12-02T08:12:00Z', reason: 'use', by: 'alice' }) }), workload: paused, template, now }).state).toBe('paused-by-hand');
    expect(buildSleepView({ namespace: ns({}), workload: running, now }).state).toBe('off');
  });

  it('sums 7 days of sleep per tenant, with the sleep under way, per day', () => {
    const history = JSON.stringify([
      { from: '2026-11-20T00:00:00Z', to: '2026-11-20T10:00:00Z', reason: 'idle', wake: 'use', cpuMilli: 500, memoryBytes: 1024 }, // older than 7 days
      { from: '2026-12-01T20:00:00Z', to: '2026-12-02T04:00:00Z', reason: 'schedule', wake: 'schedule', cpuMilli: 1000, memoryBytes: 2048 },
    ]);
    const figures = tenantSleepFigures('a', [
      ns({ 'cubby.dev/sleep-history': history }),
      ns({ 'cubby.dev/sleep-phase': 'asleep', 'cubby.dev/asleep-since': '2026-12-02T10:00:00Z', 'cubby.dev/sleep-freed': JSON.stringify({ cpuMilli: 250, memoryBytes: 100 }) }),
    ], now);
    expect(figures.hoursAsleep).toBeCloseTo(10);
    expect(figures.cpuMilliHours).toBeCloseTo(8 * 1000 + 2 * 250);
    expect(figures.freedNow).toEqual({ cpuMilli: 250, memoryBytes: 100 });
    expect(figures.daily.slice(-2).map((h) => Math.round(h))).toEqual([4, 6]);
  });
});
