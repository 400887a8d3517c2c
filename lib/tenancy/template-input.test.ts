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
});
