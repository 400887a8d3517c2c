// What part of a long vCluster list the page shows: filtered by a search text, sorted by a
// column, one page of it. Pure and linear, so thousands of rows filter and sort in a few ms, and
// only one page of rows ever reaches the DOM.
import type { VClusterView } from '@/lib/client/api-types';

export const PAGE_SIZE = 50;

export type SortKey = 'name' | 'tenant' | 'status' | 'age' | 'pods';

export const SORT_KEYS: ReadonlyArray<{ id: SortKey; label: string }> = [
  { id: 'name', label: 'Name' },
  { id: 'tenant', label: 'Tenant' },
  { id: 'status', label: 'Status' },
  { id: 'age', label: 'Newest' },
  { id: 'pods', label: 'Most synced pods' },
];

export interface ListWindow {
  rows: VClusterView[];
  /** Rows that match the filter, on every page. */
  matching: number;
  page: number;
  pages: number;
}

const collator = new Intl.Collator('en', { numeric: true });

function comparator(sort: SortKey): (a: VClusterView, b: VClusterView) => number {
  const byName = (a: VClusterView, b: VClusterView) => collator.compare(a.name, b.name) || collator.compare(a.tenant, b.tenant);
  switch (sort) {
    case 'tenant':
      return (a, b) => collator.compare(a.tenant, b.tenant) || byName(a, b);
    case 'status':
      return (a, b) => collator.compare(a.status, b.status) || byName(a, b);
    case 'age':
      // ISO timestamps sort as strings; the newest first.
      return (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || byName(a, b);
    case 'pods':
      return (a, b) => b.syncedPods - a.syncedPods || byName(a, b);
    default:
      return byName;
  }
}

/** Every word of the filter must appear in the name, tenant or status (case-insensitive). */
export function listWindow(items: readonly VClusterView[], filter: string, sort: SortKey, page: number): ListWindow {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matching =
    words.length === 0 ? [...items] : items.filter((v) => { const text = `${v.name} ${v.tenant} ${v.status}`.toLowerCase(); return words.every((w) => text.includes(w)); });
  matching.sort(comparator(sort));
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { rows: matching.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE), matching: matching.length, page: current, pages };
}
