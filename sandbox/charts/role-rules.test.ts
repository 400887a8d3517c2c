// The Role the test chart gives a vCluster's control plane must be the real 0.36.1 chart's, rule
// for rule (the rules are listed in ../shared/vcluster-facts.md): whoever creates it must hold
// every one of these rights itself, so a narrower test Role would let a least-privilege identity
// pass here and fail on a real cluster.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findHelmBinary } from './helm-binary';

const chartDir = join(fileURLToPath(new URL('.', import.meta.url)), 'vcluster');

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const ALL = ['create', 'delete', 'patch', 'update', 'get', 'list', 'watch'];
const REAL_DEFAULT_RULES: Rule[] = [
  { apiGroups: [''], resources: ['configmaps', 'secrets', 'services', 'pods', 'pods/attach', 'pods/portforward', 'pods/exec', 'persistentvolumeclaims'], verbs: ALL },
  { apiGroups: [''], resources: ['pods/status', 'pods/ephemeralcontainers'], verbs: ['patch', 'update'] },
  { apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'deployments'], verbs: ['get', 'list', 'watch', 'patch', 'update'] },
  { apiGroups: [''], resources: ['endpoints', 'pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['create', 'list', 'get', 'delete', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'delete', 'patch', 'update'] },
];

/** Every (group, resource, verb) a rule list grants, so rule order and grouping do not matter. */
function grants(rules: Rule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) out.add(`${g}/${res}:${v}`);
  return [...out].sort();
}

function renderedRole(set: string[] = []): Rule[] {
  const args = ['template', 'vc', chartDir, '--namespace', 'ns', ...set.flatMap((s) => ['--set', s])];
  const result = spawnSync(findHelmBinary(), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  const role = parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as { kind?: string; rules?: Rule[] } | null)
    .find((o) => o?.kind === 'Role');
  if (!role?.rules) throw new Error('no Role rendered');
  return role.rules;
}

describe('test chart Role', () => {
  it("grants exactly the real chart's rules for the default values", () => {
    expect(grants(renderedRole())).toEqual(grants(REAL_DEFAULT_RULES));
  });

  it('widens with the options that sync more kinds to the host', () => {
    const withIngress = grants(renderedRole(['sync.toHost.ingresses.enabled=true']));
    expect(withIngress).toContain('networking.k8s.io/ingresses:create');
    expect(withIngress.filter((g) => !g.startsWith('networking.k8s.io/'))).toEqual(grants(REAL_DEFAULT_RULES));
  });
});
