import { describe, expect, it } from 'vitest';
import { deepMerge, isTenantWritablePath, mergeTenantOptions, tenantValuesToOptions } from './chart-values';
import { schemaAt, schemaAvailable } from './chart-schema.testing';
import { SyncOptionsError, TENANT_WRITABLE_PATHS } from './sync-options';

const template = {
  controlPlane: { statefulSet: { image: { tag: '0.36.1' } }, service: { spec: { type: 'ClusterIP' } } },
  sync: {
    toHost: { ingresses: { enabled: false }, pods: { enabled: true } },
    fromHost: { nodes: { enabled: false, selector: { all: false, labels: { pool: 'shared' } } } },
  },
};

function rejection(fn: () => unknown): SyncOptionsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SyncOptionsError) return error;
    throw error;
  }
  throw new Error('expected a SyncOptionsError');
}

describe('deepMerge', () => {
  it('merges objects and replaces scalars and arrays, without touching its inputs', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const overlay = { a: { c: [3], e: true }, d: 'y' };
    expect(deepMerge(base, overlay)).toEqual({ a: { b: 1, c: [3], e: true }, d: 'y' });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
  });

  it('refuses prototype keys', () => {
    expect(() => deepMerge({}, JSON.parse('{"__proto__":{"x":1}}'))).toThrow(/__proto__/);
  });
});

describe('mergeTenantOptions', () => {
  it('writes allowed options into a copy of the template', () => {
    const result = mergeTenantOptions({
      baseValues: template,
      options: { ingressSync: true, nodeSync: { enabled: true } },
      allowed: ['ingressSync', 'nodeSync.enabled'],
    });
    expect(result.values).toEqual({
      ...template,
      sync: {
        toHost: { ingresses: { enabled: true }, pods: { enabled: true } },
        fromHost: { nodes: { enabled: true, selector: { all: false, labels: { pool: 'shared' } } } },
      },
      // Node sync on, and the template silent on the kubelet proxy: off (kubelet-proxy.ts).
      networking: { advanced: { proxyKubelets: { byHostname: false, byIP: false } } },
    });
    expect(template.sync.toHost.ingresses.enabled).toBe(false);
    expect(result.assignments.map((a) => a.option)).toEqual(['ingressSync', 'nodeSync.enabled']);
  });

  it("keeps the template's own kubelet proxy choice with node sync, and adds nothing without node sync", () => {
    const kept = mergeTenantOptions({
      baseValues: { networking: { advanced: { proxyKubelets: { byIP: true } } } },
      options: { nodeSync: { enabled: true } },
      allowed: ['nodeSync.enabled'],
    });
    expect(kept.values.networking).toEqual({ advanced: { proxyKubelets: { byIP: true } } });
    const without = mergeTenantOptions({ baseValues: {}, options: { ingressSync: true }, allowed: ['ingressSync'] });
    expect(without.values.networking).toBeUndefined();
  });

  it('replaces the label map instead of merging into it', () => {
    const result = mergeTenantOptions({
      baseValues: template,
      options: { nodeSync: { selector: { labels: { pool: 'tenant-a' } } } },
      allowed: ['nodeSync.selector.labels'],
    });
    expect(result.values.sync).toMatchObject({
      fromHost: { nodes: { selector: { all: false, labels: { pool: 'tenant-a' } } } },
    });
  });

  it('rejects an option outside the allow-list with a 400 and changes nothing', () => {
    const before = structuredClone(template);
    const error = rejection(() =>
      mergeTenantOptions({ baseValues: template, options: { ingressSync: true }, allowed: [] }),
    );
    expect(error.status).toBe(400);
    expect(error.option).toBe('ingressSync');
    expect(template).toEqual(before);
  });

  it('rejects unknown input before looking at the allow-list', () => {
    const error = rejection(() =>
      mergeTenantOptions({
        baseValues: template,
        options: { controlPlane: { statefulSet: { image: { tag: 'evil' } } } },
        allowed: ['ingressSync'],
      }),
    );
    expect(error.code).toBe('invalid_options');
    expect(error.option).toBe('controlPlane');
  });
});

describe('tenantValuesToOptions', () => {
  it('accepts a values fragment that only touches tenant leaves', () => {
    expect(
      tenantValuesToOptions(
        { sync: { toHost: { ingresses: { enabled: true } }, fromHost: { nodes: { enabled: true, selector: { all: true } } } } },
        ['ingressSync', 'nodeSync.enabled', 'nodeSync.selector.all', 'nodeSync.selector.labels'],
      ),
    ).toEqual({ ingressSync: true, nodeSync: { enabled: true, selector: { all: true } } });
  });

  it('names any other key, even one inside sync', () => {
    const error = rejection(() =>
      tenantValuesToOptions({ sync: { fromHost: { nodes: { enabled: true, syncBackChanges: true } } } }, [
        'nodeSync.enabled',
      ]),
    );
    expect(error.option).toBe('sync.fromHost.nodes.syncBackChanges');
    expect(error.status).toBe(400);
    expect(
      rejection(() => tenantValuesToOptions({ controlPlane: { service: { spec: { type: 'NodePort' } } } }, [])).option,
    ).toBe('controlPlane.service.spec.type');
  });

  it('applies the allow-list to imported values too', () => {
    expect(
      rejection(() => tenantValuesToOptions({ sync: { toHost: { ingresses: { enabled: true } } } }, [])).code,
    ).toBe('option_not_allowed');
  });

  it('refuses all together with labels, and reads labels with all: false', () => {
    expect(
      rejection(() =>
        tenantValuesToOptions({ sync: { fromHost: { nodes: { selector: { all: true, labels: { a: 'b' } } } } } }, [
          'nodeSync.selector.all',
          'nodeSync.selector.labels',
        ]),
      ).message,
    ).toMatch(/cannot both be set/);
    expect(
      tenantValuesToOptions({ sync: { fromHost: { nodes: { selector: { all: false, labels: { a: 'b' } } } } } }, [
        'nodeSync.selector.labels',
      ]),
    ).toEqual({ nodeSync: { selector: { labels: { a: 'b' } } } });
  });
});

describe.skipIf(!schemaAvailable)('tenant paths against the real chart schema (0.36.1)', () => {
  it('every tenant-writable path exists in values.schema.json', () => {
    for (const path of TENANT_WRITABLE_PATHS) {
      expect(schemaAt(path), path.join('.')).toBeDefined();
      expect(isTenantWritablePath(path)).toBe(true);
    }
  });

  it('the helper does reject paths the schema lacks', () => {
    expect(schemaAt(['sync', 'ingresses'])).toBeUndefined();
    expect(schemaAt(['sync', 'fromHost', 'nodes', 'syncNodeChanges'])).toBeUndefined();
  });
});
