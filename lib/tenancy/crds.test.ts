import { describe, expect, it } from 'vitest';
import { TENANT_OPTION_IDS } from '@/lib/vcluster/sync-options';
import { cubbyCrds } from './crds';

type Crd = { spec: { group: string; scope: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] } };
const crds = cubbyCrds() as unknown as Crd[];
const byKind = (kind: string) => crds.find((c) => c.spec.names.kind === kind)!;
const schema = (kind: string) => byKind(kind).spec.versions[0]!.schema.openAPIV3Schema as { properties: { spec: { properties: Record<string, Record<string, unknown>> } } };

describe('cubbyCrds', () => {
  it('defines the three kinds in cubby.dev/v1alpha1 with the right scopes', () => {
    expect(crds.map((c) => [c.spec.names.kind, c.spec.scope, c.spec.group, c.spec.versions[0]!.name])).toEqual([
      ['Tenant', 'Cluster', 'cubby.dev', 'v1alpha1'],
      ['VClusterTemplate', 'Cluster', 'cubby.dev', 'v1alpha1'],
      ['AuditRecord', 'Namespaced', 'cubby.dev', 'v1alpha1'],
    ]);
  });

  it('limits allowedOptions to the options tenants can set', () => {
    const options = schema('VClusterTemplate').properties.spec.properties.allowedOptions as { items: { enum: string[] } };
    expect(options.items.enum).toEqual([...TENANT_OPTION_IDS]);
    expect(schema('VClusterTemplate').properties.spec.properties.baseValues).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  });

  it('holds tenant names to the 18-character rule', () => {
    expect(JSON.stringify(byKind('Tenant').spec.versions[0]!.schema.openAPIV3Schema['x-kubernetes-validations'])).toContain('size() <= 18');
  });
});
