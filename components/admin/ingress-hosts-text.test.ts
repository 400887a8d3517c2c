import { describe, expect, it } from 'vitest';
import { allowedIngressHosts, ingressHostPatternProblem } from '@/lib/tenancy/ingress-hosts';
import { draftPatterns, TEMPLATE_NO_INGRESS_HOSTS } from './ingress-hosts-text';

describe('draftPatterns', () => {
  it('splits on spaces and commas, lowercases and drops empties', () => {
    expect(draftPatterns(' *.A.example.com, shop.example.com  ')).toEqual(['*.a.example.com', 'shop.example.com']);
    expect(draftPatterns(' , ')).toEqual([]);
  });

  it('keeps what the API refuses, so the API names it beside the field', () => {
    expect(draftPatterns('*.com')).toEqual(['*.com']);
    expect(ingressHostPatternProblem('*.com')).toMatch(/too wide/);
  });
});

describe('the texts', () => {
  it('say what ingress-hosts.ts does with no patterns at all: nothing is allowed', () => {
    expect(allowedIngressHosts({ tenant: 't', vcluster: 'v' })).toEqual([]);
    expect(TEMPLATE_NO_INGRESS_HOSTS).toMatch(/every Ingress host is refused/);
  });
});
