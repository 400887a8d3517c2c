import { describe, expect, it } from 'vitest';
import {
  CHART_NAME_CEILING,
  InvalidNameError,
  MAX_TENANT_NAME_LENGTH,
  MAX_VCLUSTER_NAME_LENGTH,
  hostNamespaceName,
  parseHostNamespaceName,
  tenantNameProblem,
  validateVClusterName,
} from './vcluster-name';

function codes(name: string, tenant?: string) {
  const result = validateVClusterName(name, tenant === undefined ? {} : { tenant });
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe('validateVClusterName', () => {
  it('accepts ordinary names', () => {
    for (const name of ['dev', 'team-a', 'a', 'x1', 'my-vcluster-2']) {
      expect(validateVClusterName(name)).toEqual({ ok: true, name });
    }
  });

  it('limit stays below the ceiling the controller-revision-hash label imposes', () => {
    // `NAME-` + up to 10 hash characters must fit a 63-character label value.
    expect(CHART_NAME_CEILING + 1 + 10).toBe(63);
    expect(MAX_VCLUSTER_NAME_LENGTH).toBeLessThanOrEqual(CHART_NAME_CEILING);
    // Service `NAME-headless` must be a 63-character DNS label too.
    expect(MAX_VCLUSTER_NAME_LENGTH + '-headless'.length).toBeLessThanOrEqual(63);
  });

  it('accepts exactly the maximum length and rejects one more', () => {
    const max = 'a'.repeat(MAX_VCLUSTER_NAME_LENGTH);
    expect(validateVClusterName(max).ok).toBe(true);
    const result = validateVClusterName(`${max}b`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.code)).toEqual(['too-long']);
      expect(result.message).toBe('The name must be at most 40 characters long (it has 41).');
    }
  });

  it('explains an empty name', () => {
    const result = validateVClusterName('');
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'empty', message: 'Enter a name for the vCluster.' }],
      message: 'Enter a name for the vCluster.',
    });
  });

  it('requires a leading letter because the name is also a Service name', () => {
    expect(codes('1abc')).toEqual(['must-start-with-letter']);
    expect(codes('-abc')).toEqual(['must-start-with-letter']);
    const result = validateVClusterName('9lives');
    expect(!result.ok && result.message).toMatch(/start with a letter.*Service/);
  });

  it('rejects a trailing hyphen', () => {
    expect(codes('abc-')).toEqual(['must-end-alphanumeric']);
  });

  it('rejects uppercase with its own message', () => {
    const result = validateVClusterName('MyCluster');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('The name must be lowercase.');
  });

  it('names the characters to remove', () => {
    const result = validateVClusterName('my_cluster.v1 x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.code)).toEqual(['invalid-characters']);
      expect(result.message).toBe(
        "The name may only contain lowercase letters, digits and '-'; remove '_', '.', spaces.",
      );
    }
  });

  it('collects several problems at once', () => {
    expect(codes(`_${'A'.repeat(45)}-`)).toEqual([
      'too-long',
      'uppercase',
      'invalid-characters',
      'must-start-with-letter',
      'must-end-alphanumeric',
    ]);
  });

  it('checks the namespace length for a given tenant', () => {
    const tenant = 'a'.repeat(30); // vc- + 30 + -- = 35, leaves 28
    expect(validateVClusterName('b'.repeat(28), { tenant }).ok).toBe(true);
    const result = validateVClusterName('b'.repeat(29), { tenant });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]!.code).toBe('namespace-too-long');
      expect(result.message).toContain('at most 28 characters');
    }
  });
});

describe('hostNamespaceName', () => {
  it('is vc-<tenant>--<name>', () => {
    expect(hostNamespaceName('acme', 'dev')).toBe('vc-acme--dev');
  });

  it('keeps tenants with hyphens from colliding', () => {
    const a = hostNamespaceName('a-b', 'c');
    const b = hostNamespaceName('a', 'b-c');
    expect(a).not.toBe(b);
    expect(parseHostNamespaceName(a)).toEqual({ tenant: 'a-b', name: 'c' });
    expect(parseHostNamespaceName(b)).toEqual({ tenant: 'a', name: 'b-c' });
  });

  it('fits 63 characters with the longest tenant and name it guarantees', () => {
    expect(MAX_TENANT_NAME_LENGTH).toBe(18);
    const ns = hostNamespaceName('t'.repeat(MAX_TENANT_NAME_LENGTH), 'n'.repeat(MAX_VCLUSTER_NAME_LENGTH));
    expect(ns).toHaveLength(63);
  });

  it('refuses tenants containing the separator, and invalid names', () => {
    expect(() => hostNamespaceName('a--b', 'c')).toThrow(InvalidNameError);
    expect(tenantNameProblem('a--b')).toMatch(/must not contain '--'/);
    expect(() => hostNamespaceName('acme', 'Bad')).toThrow('The name must be lowercase.');
    expect(() => hostNamespaceName('Acme', 'ok')).toThrow(/Tenant name 'Acme'/);
    try {
      hostNamespaceName('acme', '');
    } catch (error) {
      expect((error as InvalidNameError).status).toBe(400);
    }
  });

  it('parses only namespaces Cubby could have produced', () => {
    expect(parseHostNamespaceName('kube-system')).toBeUndefined();
    expect(parseHostNamespaceName('vc-acme')).toBeUndefined();
    expect(parseHostNamespaceName('vc---x')).toBeUndefined();
    expect(parseHostNamespaceName('vc-acme--9bad')).toBeUndefined();
  });
});
