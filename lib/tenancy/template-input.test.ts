import { describe, expect, it } from 'vitest';
import { TemplateCreateSchema } from './template-input';

describe('template input', () => {
  it('maps a pre-0.20 values file to the current layout', () => {
    const parsed = TemplateCreateSchema.parse({
      name: 'legacy',
      spec: { baseValues: { sync: { ingresses: { enabled: true }, nodes: { enabled: true, nodeSelector: 'pool=general,zone=a' } } } },
    });
    expect(parsed.spec.baseValues).toMatchObject({
      sync: {
        toHost: { ingresses: { enabled: true } },
        fromHost: { nodes: { enabled: true, selector: { labels: { pool: 'general', zone: 'a' } } } },
      },
    });
    expect(JSON.stringify(parsed.spec.baseValues)).not.toContain('nodeSelector');
  });

  it('refuses a pre-0.20 key that has no equivalent, naming it', () => {
    const result = TemplateCreateSchema.safeParse({ name: 'legacy', spec: { baseValues: { sync: { nodes: { enabled: true, enableScheduler: true } } } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(' ')).toContain('enableScheduler');
  });

  it('keeps current-layout values as they are', () => {
    const values = { sync: { toHost: { ingresses: { enabled: true } } }, controlPlane: { service: { spec: { type: 'NodePort' } } } };
    expect(TemplateCreateSchema.parse({ name: 'current', spec: { baseValues: values } }).spec.baseValues).toEqual(values);
  });

  it('takes a Pod Security level and ingress host patterns with placeholders', () => {
    const parsed = TemplateCreateSchema.parse({ name: 'strict', spec: { podSecurityLevel: 'restricted', ingressHosts: ['*.{tenant}.apps.example.com'] } });
    expect(parsed.spec.podSecurityLevel).toBe('restricted');
    expect(parsed.spec.ingressHosts).toEqual(['*.{tenant}.apps.example.com']);
    expect(TemplateCreateSchema.parse({ name: 'plain', spec: {} }).spec.podSecurityLevel).toBeUndefined();
  });

  it('refuses an unknown Pod Security level and a too-wide pattern', () => {
    expect(TemplateCreateSchema.safeParse({ name: 'x', spec: { podSecurityLevel: 'none' } }).success).toBe(false);
    const wide = TemplateCreateSchema.safeParse({ name: 'x', spec: { ingressHosts: ['*.com'] } });
    expect(wide.success).toBe(false);
    expect(wide.error?.issues[0]?.path).toEqual(['spec', 'ingressHosts', 0]);
  });
});
