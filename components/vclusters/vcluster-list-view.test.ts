import { describe, expect, it } from 'vitest';
import type { VClusterView } from '@/lib/client/api-types';
import { listWindow, PAGE_SIZE } from './vcluster-list-view';

function view(i: number): VClusterView {
  return {
    tenant: `team-${i % 20}`,
    name: `vc${i}`,
    namespace: `vc-team-${i % 20}--vc${i}`,
    origin: 'cubby',
    status: i % 7 === 0 ? 'Paused' : 'Running',
    creationStep: 'ready',
    configPending: false,
    configPendingReasons: [],
    paused: i % 7 === 0,
    terminating: false,
    syncedPods: i % 30,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    options: { ingressSync: false, ingressClassSync: false, nodeSync: { enabled: false, selector: { all: false }, clearImageStatus: false } },
    optionsVersion: '1',
  } as VClusterView;
}

const many = Array.from({ length: 2000 }, (_, i) => view(i));

describe('listWindow', () => {
  it('shows one page of the sorted rows and counts the rest', () => {
    const w = listWindow(many, '', 'name', 0);
    expect(w.rows).toHaveLength(PAGE_SIZE);
    expect(w.matching).toBe(2000);
    expect(w.pages).toBe(40);
    expect(w.rows.slice(0, 3).map((v) => v.name)).toEqual(['vc0', 'vc1', 'vc2']);
  });

  it('filters by every word over name, tenant and status, and keeps the page in range', () => {
    const w = listWindow(many, 'team-3 paused', 'name', 99);
    expect(w.rows.every((v) => v.tenant === 'team-3' && v.status === 'Paused')).toBe(true);
    expect(w.page).toBe(w.pages - 1);
    expect(listWindow(many, 'nothing-like-this', 'name', 0)).toMatchObject({ rows: [], matching: 0, pages: 1, page: 0 });
  });

  it('sorts by pods, newest and tenant', () => {
    expect(listWindow(many, '', 'pods', 0).rows[0]?.syncedPods).toBe(29);
    expect(listWindow(many, '', 'age', 0).rows[0]?.name).toBe('vc1999');
    expect(listWindow(many, '', 'tenant', 0).rows[0]?.tenant).toBe('team-0');
  });

  // How long this takes in a browser is measured, not asserted: bench/scale-browser.ts.
  it('keeps a filtered page in range under every sort', () => {
    for (const sort of ['name', 'tenant', 'status', 'age', 'pods'] as const) {
      const w = listWindow(many, 'team-1', sort, 3);
      expect(w.rows.every((v) => v.tenant.startsWith('team-1'))).toBe(true);
      expect(w.page).toBe(3);
    }
  });
});
