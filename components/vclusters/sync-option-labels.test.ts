import { describe, expect, it } from 'vitest';
import { syncOptionsFromValues } from '@/lib/vcluster/sync-options';
import { syncOptionLabels } from './sync-option-labels';

const labelsOf = (values: unknown) => syncOptionLabels(syncOptionsFromValues(values));
const nodes = (n: object) => ({ sync: { fromHost: { nodes: { enabled: true, ...n } } } });

describe('syncOptionLabels', () => {
  it('names what the syncer shows inside', () => {
    expect(labelsOf({})).toEqual([]);
    expect(labelsOf(nodes({}))).toEqual(['Node sync']);
    expect(labelsOf(nodes({ selector: { all: true } }))).toEqual(['Node sync: all host nodes']);
    expect(labelsOf(nodes({ selector: { labels: { pool: 'general' } } }))).toEqual(['Node sync: nodes with pool=general']);
  });

  it('says "all host nodes" when all is set beside labels, which then only pin pods', () => {
    expect(labelsOf(nodes({ selector: { all: true, labels: { pool: 'general' } } }))).toEqual(['Node sync: all host nodes, pods on pool=general']);
  });
});
