import { describe, expect, it } from 'vitest';
import { schemaAt, schemaAvailable, topLevelKeys } from './chart-schema.testing';
import { CURRENT_TOP_LEVEL_KEYS, ValuesFileError, importLegacyValues, isLegacyValues, parseNodeSelector } from './legacy-values';
import { syncOptionsFromValues, syncOptionsToValues } from './sync-options';
import { leafEntries } from './values-tree';

const OLD_FILE = `
sync:
  ingresses:
    enabled: true
  nodes:
    enabled: true
    syncAllNodes: false
    nodeSelector: "pool=tenant-a, example.com/zone=eu-1"
    syncNodeChanges: false
  networkpolicies:
    enabled: true
syncer:
  extraArgs: ["--tls-san=my.example.com"]
controlPlane:
  statefulSet:
    image:
      tag: "0.36.1"
`;

const on = { enabled: true };
const EVERY_OLD_SWITCH = {
  sync: {
    services: on, configmaps: { enabled: true, all: true }, secrets: { enabled: true, all: false }, endpoints: on, pods: on,
    persistentvolumeclaims: on, persistentvolumes: on, storageclasses: on, priorityclasses: on, networkpolicies: on,
    poddisruptionbudgets: on, serviceaccounts: on, events: { enabled: false }, ingressclasses: on, hoststorageclasses: on,
    csinodes: on, csidrivers: on, csistoragecapacities: on,
    nodes: { fakeKubeletIPs: false },
    'fake-nodes': on,
    'fake-persistentvolumes': on,
  },
};

describe('importLegacyValues', () => {
  it('maps the old sync keys to the new layout and lists each mapping', () => {
    const result = importLegacyValues(OLD_FILE);
    expect(result.legacy).toBe(true);
    expect(result.values).toEqual({
      controlPlane: { statefulSet: { image: { tag: '0.36.1' } } },
      sync: {
        toHost: { ingresses: { enabled: true }, networkPolicies: { enabled: true } },
        fromHost: {
          ingressClasses: { enabled: true },
          nodes: {
            enabled: true,
            selector: { all: false, labels: { pool: 'tenant-a', 'example.com/zone': 'eu-1' } },
            syncBackChanges: false,
          },
        },
      },
    });
    expect(result.mapped.map((m) => `${m.from} -> ${m.to}`)).toEqual([
      'sync.ingresses.enabled -> sync.toHost.ingresses.enabled',
      'sync.ingresses.enabled -> sync.fromHost.ingressClasses.enabled',
      'sync.nodes.enabled -> sync.fromHost.nodes.enabled',
      'sync.nodes.syncAllNodes -> sync.fromHost.nodes.selector.all',
      'sync.nodes.nodeSelector -> sync.fromHost.nodes.selector.labels',
      'sync.nodes.syncNodeChanges -> sync.fromHost.nodes.syncBackChanges',
      'sync.networkpolicies.enabled -> sync.toHost.networkPolicies.enabled',
    ]);
    expect(result.mapped[1]!.note).toMatch(/IngressClasses/);
  });

  it('reports keys it cannot map by name, with their values, instead of dropping them', () => {
    const result = importLegacyValues(OLD_FILE);
    expect(result.unmapped).toEqual([
      {
        path: 'syncer.extraArgs',
        value: ['--tls-san=my.example.com'],
        reason: 'not a key of the v0.20+ values layout; no automatic mapping',
      },
    ]);
  });

  it("maps every old sync switch upstream's migration maps", () => {
    const result = importLegacyValues(EVERY_OLD_SWITCH);
    // Real persistent volumes on and fake ones on contradict each other: the first one read stays.
    expect(result.unmapped).toEqual([
      {
        path: 'sync.fake-persistentvolumes.enabled',
        value: false,
        reason: 'conflict: the file also sets sync.toHost.persistentVolumes.enabled to true, which is kept',
      },
    ]);
    expect(result.values).toEqual({
      sync: {
        toHost: {
          services: on, configMaps: { enabled: true, all: true }, secrets: { enabled: true, all: false }, endpoints: on, pods: on,
          persistentVolumeClaims: on, persistentVolumes: on, storageClasses: on, priorityClasses: on, networkPolicies: on,
          podDisruptionBudgets: on, serviceAccounts: on,
        },
        fromHost: {
          events: { enabled: false }, ingressClasses: on, storageClasses: on, csiNodes: on, csiDrivers: on, csiStorageCapacities: on,
          nodes: { enabled: false },
        },
      },
      networking: { advanced: { proxyKubelets: { byIP: false } } },
    });
  });

  it('turns the old fake switches into the real ones off, and only when on', () => {
    const result = importLegacyValues({ sync: { 'fake-nodes': { enabled: true }, 'fake-persistentvolumes': { enabled: false } } });
    expect(result.values).toEqual({ sync: { fromHost: { nodes: { enabled: false } } } });
    expect(result.mapped).toEqual([
      { from: 'sync.fake-nodes.enabled', to: 'sync.fromHost.nodes.enabled', value: false, note: 'fake nodes on: no real host nodes' },
    ]);
    expect(importLegacyValues({ sync: { secrets: { enabled: 'yes', mappings: {} } } }).unmapped.map((u) => [u.path, u.reason])).toEqual([
      ['sync.secrets.enabled', 'expected true or false'],
      ['sync.secrets.mappings', 'no documented v0.20+ equivalent'],
    ]);
  });

  it('does not enable ingressClasses when the old ingress sync was off', () => {
    const result = importLegacyValues({ sync: { ingresses: { enabled: false } } });
    expect(result.values).toEqual({ sync: { toHost: { ingresses: { enabled: false } } } });
    expect(result.mapped).toHaveLength(1);
  });

  it('maps syncAllNodes and syncNodeChanges when true', () => {
    const result = importLegacyValues({ sync: { nodes: { enabled: true, syncAllNodes: true, syncNodeChanges: true } } });
    expect(result.values).toEqual({
      sync: { fromHost: { nodes: { enabled: true, selector: { all: true }, syncBackChanges: true } } },
    });
  });

  it('reports unknown keys inside old sync.nodes and wrongly typed values', () => {
    const result = importLegacyValues({
      sync: { nodes: { enabled: 'yes', enableScheduler: true, nodeSelector: 'tier in (a,b)' } },
    });
    expect(result.values).toEqual({});
    expect(result.unmapped.map((u) => [u.path, u.reason])).toEqual([
      ['sync.nodes.enabled', 'expected true or false'],
      ['sync.nodes.enableScheduler', 'no documented v0.20+ equivalent'],
      ['sync.nodes.nodeSelector', "'tier in (a,b)' uses set-based terms (in/notin), which a label map cannot express"],
    ]);
  });

  it('keeps new keys the file already has and reports the conflicting old one', () => {
    const result = importLegacyValues({
      sync: { toHost: { ingresses: { enabled: false } }, ingresses: { enabled: true } },
    });
    expect(result.values).toEqual({
      sync: { toHost: { ingresses: { enabled: false } }, fromHost: { ingressClasses: { enabled: true } } },
    });
    expect(result.unmapped).toEqual([
      {
        path: 'sync.ingresses.enabled',
        value: true,
        reason: 'conflict: the file also sets sync.toHost.ingresses.enabled to false, which is kept',
      },
    ]);
  });

  it('passes a file in the new layout through unchanged', () => {
    const values = { sync: { toHost: { ingresses: { enabled: true } } }, exportKubeConfig: { server: 'https://x' } };
    const result = importLegacyValues(values);
    expect(result).toEqual({ values, mapped: [], unmapped: [], legacy: false });
    expect(isLegacyValues(values)).toBe(false);
    expect(isLegacyValues({ sync: { nodes: { enabled: true } } })).toBe(true);
    expect(isLegacyValues({ storage: { size: '5Gi' } })).toBe(true);
  });

  it('treats an empty file as empty values and refuses non-mappings and bad YAML', () => {
    expect(importLegacyValues('').values).toEqual({});
    expect(() => importLegacyValues('- a\n- b\n')).toThrow(ValuesFileError);
    expect(() => importLegacyValues('sync: [\n')).toThrow(/not valid YAML/);
    expect(() => importLegacyValues('{"__proto__": {"x": 1}}')).toThrow(ValuesFileError);
  });

  it('round-trips: old file -> new values -> options -> same sync values', () => {
    const result = importLegacyValues(`
sync:
  ingresses: { enabled: true }
  nodes: { enabled: true, nodeSelector: "pool=a" }
`);
    const options = syncOptionsFromValues(result.values);
    expect(options).toEqual({
      ingressSync: true,
      ingressClassSync: true,
      nodeSync: { enabled: true, selector: { labels: { pool: 'a' } }, clearImageStatus: false },
    });
    const again = syncOptionsToValues(options);
    for (const { path, value } of leafEntries(result.values, (p) => p[p.length - 1] === 'labels')) {
      expect(leafEntries(again, (p) => p[p.length - 1] === 'labels')).toContainEqual({ path, value });
    }
  });
});

describe('parseNodeSelector', () => {
  it('parses comma-separated equality terms', () => {
    expect(parseNodeSelector('a=b,c=d')).toEqual({ ok: true, labels: { a: 'b', c: 'd' } });
    expect(parseNodeSelector(' a = b , ')).toEqual({ ok: true, labels: { a: 'b' } });
    expect(parseNodeSelector('')).toEqual({ ok: true, labels: {} });
    expect(parseNodeSelector('constructor=x')).toEqual({ ok: true, labels: { constructor: 'x' } });
  });

  it('refuses what a label map cannot express', () => {
    expect(parseNodeSelector('a!=b').ok).toBe(false);
    expect(parseNodeSelector('a==b').ok).toBe(false);
    expect(parseNodeSelector('!a').ok).toBe(false);
    expect(parseNodeSelector('a=b,a=c')).toEqual({ ok: false, reason: "label 'a' is given twice with different values" });
    expect(parseNodeSelector('bad key=x').ok).toBe(false);
    expect(parseNodeSelector(42)).toEqual({ ok: false, reason: 'expected a string such as "a=b,c=d"' });
  });
});

describe.skipIf(!schemaAvailable)('against the real chart schema (0.36.1)', () => {
  it('knows exactly the top-level keys of the schema', () => {
    expect([...CURRENT_TOP_LEVEL_KEYS].sort()).toEqual(topLevelKeys().sort());
  });

  it('every path it maps to exists in the schema, and the old ones do not', () => {
    const result = importLegacyValues(OLD_FILE);
    for (const { to, from } of [...result.mapped, ...importLegacyValues(EVERY_OLD_SWITCH).mapped]) {
      expect(schemaAt(to.split('.')), to).toBeDefined();
      expect(schemaAt(from.split('.')), from).toBeUndefined();
    }
  });
});
