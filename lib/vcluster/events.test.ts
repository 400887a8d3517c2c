import { describe, expect, it } from 'vitest';
import { type EventRowInput, eventRows } from './events';

const event = (name: string, type: string, reason: string, at: string, extra: Partial<EventRowInput> = {}): EventRowInput => ({
  metadata: { name, uid: `uid-${name}` },
  type,
  reason,
  message: `${reason} happened `,
  involvedObject: { kind: 'Pod', name: 'dev-0' },
  lastTimestamp: at,
  firstTimestamp: '2026-01-01T10:00:00Z',
  count: 1,
  ...extra,
});

describe('eventRows', () => {
  it('sorts newest first and flags warnings', () => {
    const rows = eventRows([
      event('a', 'Normal', 'Scheduled', '2026-01-01T10:00:01Z'),
      event('b', 'Warning', 'FailedScheduling', '2026-01-01T10:05:00Z', { count: 7, source: { component: 'default-scheduler' } }),
      event('c', 'Normal', 'Pulled', '2026-01-01T10:03:00Z'),
    ]);
    expect(rows.map((r) => r.reason)).toEqual(['FailedScheduling', 'Pulled', 'Scheduled']);
    expect(rows[0]).toMatchObject({
      id: 'uid-b',
      warning: true,
      type: 'Warning',
      object: 'Pod/dev-0',
      count: 7,
      message: 'FailedScheduling happened',
      lastSeen: '2026-01-01T10:05:00.000Z',
      firstSeen: '2026-01-01T10:00:00.000Z',
      source: 'default-scheduler',
    });
    expect(rows.filter((r) => r.warning)).toHaveLength(1);
  });

  it('uses series and eventTime for events.k8s.io-style events, and limits', () => {
    const series = event('s', 'Warning', 'BackOff', '2026-01-01T09:00:00Z', {
      series: { count: 40, lastObservedTime: '2026-01-01T11:00:00Z' },
    });
    const micro: EventRowInput = { metadata: { name: 'm' }, type: 'Normal', reason: 'Started', involvedObject: { kind: 'Pod', name: 'x' }, eventTime: '2026-01-01T10:30:00Z' };
    const rows = eventRows([micro, series, event('old', 'Normal', 'Old', '2026-01-01T08:00:00Z')], { limit: 2 });
    expect(rows.map((r) => [r.reason, r.count])).toEqual([
      ['BackOff', 40],
      ['Started', 1],
    ]);
  });

  it('puts events without any time last, and shows the virtual name of synced objects', () => {
    const objects = new Map([
      ['Pod/web-x-shop-x-dev', { annotations: { 'vcluster.loft.sh/object-name': 'web', 'vcluster.loft.sh/object-namespace': 'shop' } }],
    ]);
    const rows = eventRows(
      [
        { type: 'Normal', reason: 'Timeless', involvedObject: { kind: 'Pod', name: 'a' } },
        event('w', 'Warning', 'Failed', '2026-01-01T10:00:00Z', { involvedObject: { kind: 'Pod', name: 'web-x-shop-x-dev' } }),
      ],
      { objects },
    );
    expect(rows.map((r) => r.reason)).toEqual(['Failed', 'Timeless']);
    expect(rows[0]).toMatchObject({ virtualName: 'web', virtualNamespace: 'shop' });
  });
});
