import { describe, expect, it } from 'vitest';
import { findOpenObjects, findWidenings, type JsonSchema } from './schema-subset';

const reference: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sync: { $ref: '#/$defs/Sync' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    spec: { type: 'object' },
    enabled: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
    count: { type: 'number' },
  },
  $defs: {
    Sync: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled'],
      properties: { enabled: { type: 'boolean' }, names: { type: 'array', items: { type: 'string' } } },
    },
  },
};

const closed = (properties: Record<string, JsonSchema>, extra: Record<string, unknown> = {}): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});

describe('findWidenings', () => {
  it('accepts a narrower schema', () => {
    const subset = closed({
      sync: closed({ enabled: { type: 'boolean' } }, { required: ['enabled'] }),
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      spec: closed({ type: { type: 'string' } }),
      enabled: { type: 'boolean' },
      count: { type: 'integer' },
    });
    expect(findWidenings(subset, reference)).toEqual([]);
  });

  it('names a key the reference rejects', () => {
    expect(findWidenings(closed({ sync: closed({ enabled: { type: 'boolean' }, ingresses: { type: 'object' } }, { required: ['enabled'] }) }), reference)).toEqual([
      '/sync/ingresses: rejected by the reference (additionalProperties: false)',
    ]);
  });

  it('names a wider type, an open object, a missing requirement and loose items', () => {
    const subset = closed({
      sync: { type: 'object', properties: { enabled: { type: 'string' }, names: { type: 'array' } } },
      labels: { type: 'object', additionalProperties: { type: 'number' } },
    });
    expect(findWidenings(subset, reference)).toEqual([
      "/sync: the reference requires 'enabled', this schema does not",
      '/sync/enabled: type string is rejected by the reference (boolean)',
      '/sync/names: items unconstrained, the reference constrains them',
      '/sync: accepts unnamed keys, the reference has additionalProperties: false',
      '/labels/*: type number is rejected by the reference (string)',
    ]);
  });
});

describe('findOpenObjects', () => {
  it('lists objects that name keys but allow others', () => {
    expect(findOpenObjects({ type: 'object', additionalProperties: false, properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } })).toEqual(['/a']);
  });
});
