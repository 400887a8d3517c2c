import { describe, expect, it } from 'vitest';
import {
  TemplateIngressHostsSchema,
  TenantIngressHostsSchema,
  allowedIngressHosts,
  ingressHostAllowed,
  ingressHostPatternProblem,
  parseIngressHostsAnnotation,
} from './ingress-hosts';

describe('ingress host patterns', () => {
  it('takes exact hosts and wildcards under at least two labels', () => {
    expect(ingressHostPatternProblem('shop.example.com')).toBeUndefined();
    expect(ingressHostPatternProblem('*.tenant-a.apps.example.com')).toBeUndefined();
    expect(ingressHostPatternProblem('*.example.com')).toBeUndefined();
  });

  it.each([
    ['*', 'not a host name'],
    ['*.com', 'too wide'],
    ['*.*.example.com', 'not a host name'],
    ['a.*.example.com', 'not a host name'],
    ['Shop.Example.com', 'not a host name'],
    ['shop.example.com,evil.com', 'not a host name'],
    ['-a.example.com', 'not a host name'],
    ['', 'must not be empty'],
  ])('refuses %j', (pattern, problem) => {
    expect(ingressHostPatternProblem(pattern)).toContain(problem);
  });

  it('allows the placeholders only in templates', () => {
    expect(ingressHostPatternProblem('*.{tenant}.apps.example.com')).toContain('only be used in a template');
    expect(ingressHostPatternProblem('*.{tenant}.apps.example.com', { placeholders: true })).toBeUndefined();
    expect(ingressHostPatternProblem('{vcluster}.{tenant}.apps.example.com', { placeholders: true })).toBeUndefined();
    expect(ingressHostPatternProblem('{owner}.apps.example.com', { placeholders: true })).toContain('only placeholders');
  });

  it('lowercases, trims and dedupes in the schemas, and names the bad entry', () => {
    expect(TenantIngressHostsSchema.parse([' *.A.example.com ', '*.a.example.com'])).toEqual(['*.a.example.com']);
    const bad = TenantIngressHostsSchema.safeParse(['ok.example.com', '*.com']);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual([1]);
    expect(TemplateIngressHostsSchema.parse(['*.{tenant}.example.com'])).toEqual(['*.{tenant}.example.com']);
  });
});

describe('the allowed hosts of one vCluster', () => {
  it("joins the tenant's and the template's patterns with the names filled in", () => {
    expect(
      allowedIngressHosts({
        tenant: 'tenant-a',
        vcluster: 'shop',
        tenantPatterns: ['*.tenant-a.apps.example.com'],
        templatePatterns: ['{vcluster}.{tenant}.preview.example.com', '*.tenant-a.apps.example.com'],
        controlPlaneHost: 'shop-api.tenant-a.example.com',
      }),
    ).toEqual(['*.tenant-a.apps.example.com', 'shop-api.tenant-a.example.com', 'shop.tenant-a.preview.example.com']);
  });

  it('is empty without patterns: no host is allowed', () => {
    expect(allowedIngressHosts({ tenant: 't', vcluster: 'v' })).toEqual([]);
  });

  it('reads the annotation back', () => {
    expect(parseIngressHostsAnnotation('a.example.com, *.b.example.com,')).toEqual(['a.example.com', '*.b.example.com']);
    expect(parseIngressHostsAnnotation(undefined)).toEqual([]);
  });
});

describe('matching a host (the admission policy rule)', () => {
  const patterns = ['*.tenant-a.apps.example.com', 'shop.example.com'];
  it.each([
    ['web.tenant-a.apps.example.com', true],
    ['a.b.tenant-a.apps.example.com', true],
    ['*.x.tenant-a.apps.example.com', true],
    ['*.tenant-a.apps.example.com', true],
    ['shop.example.com', true],
    ['tenant-a.apps.example.com', false],
    ['web.tenant-b.apps.example.com', false],
    ['xtenant-a.apps.example.com', false],
    ['*.apps.example.com', false],
    ['evil.tenant-a.apps.example.com.attacker.net', false],
    ['www.shop.example.com', false],
    ['', false],
  ])('%j -> %s', (host, allowed) => {
    expect(ingressHostAllowed(host, patterns)).toBe(allowed);
  });
});
