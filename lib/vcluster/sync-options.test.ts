import { describe, expect, it } from 'vitest';
import {
  AllowedOptionsSchema,
  SyncOptionsError,
  TENANT_OPTION_IDS,
  assertOptionsAllowed,
  findDisallowedOptions,
  parseSyncOptions,
  syncOptionsFromValues,
  syncOptionsToValues,
} from './sync-options';

function parseError(input: unknown): SyncOptionsError {
  try {
    parseSyncOptions(input);
  } catch (error) {
    if (error instanceof SyncOptionsError) return error;
    throw error;
  }
  throw new Error('expected a SyncOptionsError');
}

describe('parseSyncOptions', () => {
  it('accepts every option', () => {
    const options = {
      ingressSync: true,
      ingressClassSync: false,
      nodeSync: { enabled: true, selector: { labels: { pool: 'tenant-a' } }, clearImageStatus: true },
    };
    expect(parseSyncOptions(options)).toEqual(options);
    expect(parseSyncOptions({})).toEqual({});
    expect(parseSyncOptions({ nodeSync: { selector: { all: true } } })).toEqual({
      nodeSync: { selector: { all: true } },
    });
  });

  it('rejects unknown options by name, including ones that would widen host rights', () => {
    const top = parseError({ ingressSync: true, hostNetwork: true });
    expect(top.status).toBe(400);
    expect(top.code).toBe('invalid_options');
    expect(top.option).toBe('hostNetwork');
    expect(top.message).toBe("Unknown option 'hostNetwork'.");
    expect(parseError({ nodeSync: { enabled: true, syncBackChanges: true } }).option).toBe(
      'nodeSync.syncBackChanges',
    );
  });

  it('rejects wrong types with the field path', () => {
    const error = parseError({ ingressSync: 'yes' });
    expect(error.option).toBe('ingressSync');
    expect(error.message).toMatch(/^Invalid option 'ingressSync': /);
  });

  it('requires exactly one of all / labels', () => {
    expect(parseError({ nodeSync: { selector: { all: true, labels: { a: 'b' } } } }).message).toMatch(
      /either 'all' or 'labels'/,
    );
    expect(parseError({ nodeSync: { selector: {} } }).option).toBe('nodeSync.selector');
  });

  it('validates label keys and values as Kubernetes labels', () => {
    const badKey = parseError({ nodeSync: { selector: { labels: { 'bad key': 'x' } } } });
    expect(badKey.option).toBe('nodeSync.selector.labels.bad key');
    expect(badKey.message).toMatch(/label key name 'bad key'/);
    const badValue = parseError({ nodeSync: { selector: { labels: { pool: 'x'.repeat(64) } } } });
    expect(badValue.message).toMatch(/at most 63/);
  });
});

describe('syncOptionsToValues', () => {
  it('maps each option to the v0.20+ chart keys', () => {
    expect(syncOptionsToValues({ ingressSync: true })).toEqual({ sync: { toHost: { ingresses: { enabled: true } } } });
    expect(syncOptionsToValues({ ingressClassSync: true })).toEqual({
      sync: { fromHost: { ingressClasses: { enabled: true } } },
    });
    expect(
      syncOptionsToValues({ nodeSync: { enabled: true, selector: { labels: { pool: 'a' } }, clearImageStatus: true } }),
    ).toEqual({
      sync: {
        fromHost: {
          nodes: { enabled: true, selector: { all: false, labels: { pool: 'a' } }, clearImageStatus: true },
        },
      },
    });
  });

  it('selecting all nodes clears labels; all: false keeps them', () => {
    expect(syncOptionsToValues({ nodeSync: { selector: { all: true } } })).toEqual({
      sync: { fromHost: { nodes: { selector: { all: true, labels: {} } } } },
    });
    expect(syncOptionsToValues({ nodeSync: { selector: { all: false } } })).toEqual({
      sync: { fromHost: { nodes: { selector: { all: false } } } },
    });
  });

  it('writes nothing for absent options', () => {
    expect(syncOptionsToValues({})).toEqual({});
    expect(syncOptionsToValues({ nodeSync: {} })).toEqual({});
  });
});

describe('syncOptionsFromValues', () => {
  it('shows chart defaults for empty values', () => {
    expect(syncOptionsFromValues({})).toEqual({
      ingressSync: false,
      ingressClassSync: false,
      nodeSync: { enabled: false, selector: { all: false }, clearImageStatus: false },
    });
  });

  it('reads the current state back', () => {
    const values = {
      sync: {
        toHost: { ingresses: { enabled: true }, pods: { enabled: true } },
        fromHost: { nodes: { enabled: true, selector: { all: false, labels: { pool: 'a' } } } },
      },
    };
    expect(syncOptionsFromValues(values)).toEqual({
      ingressSync: true,
      ingressClassSync: false,
      nodeSync: { enabled: true, selector: { labels: { pool: 'a' } }, clearImageStatus: false },
    });
    expect(syncOptionsFromValues({ sync: { fromHost: { nodes: { selector: { all: true } } } } }).nodeSync.selector).toEqual(
      { all: true },
    );
  });

  it('reads all: true with labels as the syncer does: every host node, the labels pin pods only', () => {
    // What the pre-0.20 `syncAllNodes: true` + `nodeSelector: pool=general` becomes.
    const values = { sync: { fromHost: { nodes: { enabled: true, selector: { all: true, labels: { pool: 'general' } } } } } };
    expect(syncOptionsFromValues(values).nodeSync).toEqual({
      enabled: true,
      selector: { all: true },
      clearImageStatus: false,
      podNodeSelector: { pool: 'general' },
    });
  });

  it('round-trips options through values', () => {
    const options = {
      ingressSync: true,
      ingressClassSync: true,
      nodeSync: { enabled: true, selector: { labels: { 'example.com/pool': 'b' } }, clearImageStatus: true },
    };
    expect(syncOptionsFromValues(syncOptionsToValues(options))).toEqual(options);
  });
});

describe('allow-list', () => {
  it('stores as a list of known option ids', () => {
    expect(AllowedOptionsSchema.parse(['ingressSync', 'nodeSync.enabled'])).toEqual(['ingressSync', 'nodeSync.enabled']);
    expect(AllowedOptionsSchema.safeParse(['syncBackChanges']).success).toBe(false);
    expect(TENANT_OPTION_IDS).not.toContain('nodeSync.syncBackChanges');
  });

  it('rejects options outside the allow-list with a 400 naming the option', () => {
    expect(() => assertOptionsAllowed({ ingressSync: true }, ['ingressSync'])).not.toThrow();
    try {
      assertOptionsAllowed({ ingressSync: true, nodeSync: { enabled: true } }, ['ingressSync']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SyncOptionsError);
      const e = error as SyncOptionsError;
      expect(e.status).toBe(400);
      expect(e.code).toBe('option_not_allowed');
      expect(e.option).toBe('nodeSync.enabled');
      expect(e.message).toMatch(/^Option 'nodeSync.enabled' is not allowed by this template/);
    }
  });

  it('allows each part of node sync separately', () => {
    const allowed = ['nodeSync.enabled', 'nodeSync.selector.all'] as const;
    expect(findDisallowedOptions({ nodeSync: { enabled: true, selector: { all: false } } }, allowed)).toEqual([]);
    expect(
      findDisallowedOptions({ nodeSync: { enabled: true, selector: { labels: { a: 'b' } } } }, allowed).map(
        (v) => v.option,
      ),
    ).toEqual(['nodeSync.selector.labels']);
  });

  it('lets a form send back unchanged values of options it may not change', () => {
    const base = { sync: { toHost: { ingresses: { enabled: false } } } };
    expect(findDisallowedOptions({ ingressSync: false, nodeSync: { enabled: false } }, [], base)).toEqual([]);
    expect(findDisallowedOptions({ ingressSync: true }, [], base).map((v) => v.option)).toEqual(['ingressSync']);
  });

  it("does not let 'all' silently drop the template's node label pin", () => {
    const base = { sync: { fromHost: { nodes: { enabled: true, selector: { labels: { pool: 'tenant-a' } } } } } };
    const violations = findDisallowedOptions({ nodeSync: { selector: { all: true } } }, ['nodeSync.selector.all'], base);
    expect(violations.map((v) => v.option)).toEqual(['nodeSync.selector.labels']);
    // Without a pin in the template, clearing labels is no change.
    expect(findDisallowedOptions({ nodeSync: { selector: { all: true } } }, ['nodeSync.selector.all'], {})).toEqual([]);
  });
});
