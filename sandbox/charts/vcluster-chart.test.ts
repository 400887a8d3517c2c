// The test chart must render what the real loft-sh/vcluster 0.36.1 chart renders, object for
// object, because the sandbox runtime and Cubby's server are written against the real chart.
// These tests run the real helm binary and compare with the real chart's data files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { findHelmBinary } from './helm-binary';
import { findOpenObjects, findWidenings, type JsonSchema } from './schema-subset';
import { findValueDifferences } from './values-subset';

const here = fileURLToPath(new URL('.', import.meta.url));
const chartDir = join(here, 'vcluster');
// The real chart's values.yaml and values.schema.json live beside the repo, not in it.
const referenceDir = process.env.CUBBY_VCLUSTER_REFERENCE_DIR || resolve(here, '../../../shared/vcluster-0.36.1');
const helm = findHelmBinary();

const NAME = 'my-vc';
const NS = 'my-ns';

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
}
interface Probe {
  httpGet: { path: string; port: number; scheme: string };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Workload extends K8sObject {
  spec: {
    replicas: number;
    serviceName?: string;
    selector: { matchLabels: Record<string, string> };
    persistentVolumeClaimRetentionPolicy?: { whenDeleted: string };
    volumeClaimTemplates?: { metadata: { name: string }; spec: { accessModes: string[]; resources: { requests: { storage: string } } } }[];
    template: {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: {
        serviceAccountName: string;
        initContainers: Container[];
        containers: Container[];
        volumes: { name: string; secret?: { secretName: string }; emptyDir?: object }[];
      };
    };
  };
}
interface Service extends K8sObject {
  spec: {
    type?: string;
    clusterIP?: string;
    publishNotReadyAddresses?: boolean;
    ports: { name: string; port: number; targetPort: number; protocol: string; nodePort?: number }[];
    selector: Record<string, string>;
  };
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface RoleObject extends K8sObject {
  rules: Rule[];
}
interface Binding extends K8sObject {
  subjects: { kind: string; name: string; namespace: string }[];
  roleRef: { apiGroup: string; kind: string; name: string };
}
interface Secret extends K8sObject {
  type: string;
  data: Record<string, string>;
}
interface Ingress extends K8sObject {
  spec: {
    rules: { host: string; http: { paths: { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }[] } }[];
  };
}

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vcluster-chart-test-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface RenderOptions {
  set?: string[];
  values?: unknown;
  args?: string[];
  name?: string;
  namespace?: string;
}

function helmTemplate(options: RenderOptions = {}): { status: number | null; stdout: string; stderr: string } {
  const args = ['template', options.name ?? NAME, chartDir, '--namespace', options.namespace ?? NS];
  for (const s of options.set ?? []) args.push('--set', s);
  if (options.values !== undefined) {
    const file = join(scratch, `values-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, stringify(options.values));
    args.push('--values', file);
  }
  args.push(...(options.args ?? []));
  const result = spawnSync(helm, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${helm} (set HELM_BIN or run sandbox/build.sh): ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function render(options: RenderOptions = {}): K8sObject[] {
  const result = helmTemplate(options);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((obj): obj is K8sObject => obj !== null);
}

function find<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in [${objects.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}]`);
  return found as T;
}

const list = (objects: K8sObject[]) => objects.map((o) => `${o.kind} ${o.metadata.name}`);
const configHash = (objects: K8sObject[]) => find<Workload>(objects, 'StatefulSet', NAME).spec.template.metadata.annotations['vClusterConfigHash'];
const hasRule = (rules: Rule[], group: string, resource: string) => rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource));

const DEFAULT_OBJECTS = [
  `ServiceAccount vc-${NAME}`,
  `ServiceAccount vc-workload-${NAME}`,
  `Secret vc-config-${NAME}`,
  `Role vc-${NAME}`,
  `RoleBinding vc-${NAME}`,
  `Service ${NAME}-headless`,
  `Service ${NAME}`,
  `StatefulSet ${NAME}`,
];

function readYaml(path: string): Record<string, unknown> {
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Helm's rule for combining values: maps merge key by key, everything else is replaced. */
function mergeValues(base: unknown, override: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(base) || !isMap(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeValues(base[key], value);
  return merged;
}

describe('default render', () => {
  let objects: K8sObject[] = [];
  beforeAll(() => {
    objects = render();
  });

  it('renders exactly the real chart default objects, in helm install order', () => {
    expect(list(objects)).toEqual(DEFAULT_OBJECTS);
  });

  it('puts every object in the release namespace with the chart labels', () => {
    for (const obj of objects) {
      expect(obj.metadata.namespace, `${obj.kind} ${obj.metadata.name}`).toBe(NS);
      expect(obj.metadata.labels).toMatchObject({ app: 'vcluster', release: NAME, chart: 'vcluster-0.36.1', heritage: 'Helm' });
    }
  });

  it('exposes the control plane through Service NAME (ClusterIP, https and kubelet to 8443)', () => {
    const svc = find<Service>(objects, 'Service', NAME);
    expect(svc.metadata.labels?.['vcluster.loft.sh/service']).toBe('true');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports.map(({ name, port, targetPort, protocol }) => ({ name, port, targetPort, protocol }))).toEqual([
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      { name: 'kubelet', port: 10250, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(svc.spec.selector).toEqual({ app: 'vcluster', release: NAME });
  });

  it('has a headless Service for the StatefulSet', () => {
    const svc = find<Service>(objects, 'Service', `${NAME}-headless`);
    expect(svc.metadata.labels?.['vcluster.loft.sh/service']).toBeUndefined();
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.publishNotReadyAddresses).toBe(true);
    expect(svc.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual({ app: 'vcluster', release: NAME });
  });

  it('runs the control plane as a one-replica StatefulSet with a 5Gi data PVC', () => {
    const sts = find<Workload>(objects, 'StatefulSet', NAME);
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe(`${NAME}-headless`);
    expect(sts.spec.selector.matchLabels).toEqual({ app: 'vcluster', release: NAME });
    expect(sts.spec.template.metadata.labels).toEqual({ app: 'vcluster', release: NAME });
    expect(sts.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } },
    ]);
    const pod = sts.spec.template.spec;
    expect(pod.serviceAccountName).toBe(`vc-${NAME}`);
    expect(pod.volumes).toContainEqual({ name: 'vcluster-config', secret: { secretName: `vc-config-${NAME}` } });
  });

  it('has the init container kubernetes and the container syncer with its probes on 8443', () => {
    const pod = find<Workload>(objects, 'StatefulSet', NAME).spec.template.spec;
    expect(pod.initContainers.map((c) => c.name)).toEqual(['kubernetes']);
    expect(pod.initContainers[0]?.image).toBe('ghcr.io/loft-sh/kubernetes:v1.36.0');
    expect(pod.containers.map((c) => c.name)).toEqual(['syncer']);
    const syncer = pod.containers[0];
    expect(syncer?.image).toBe('ghcr.io/loft-sh/vcluster-pro:0.36.1');
    expect(syncer?.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 8443, scheme: 'HTTPS' });
    expect(syncer?.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 8443, scheme: 'HTTPS' });
    expect(syncer?.startupProbe?.httpGet).toEqual({ path: '/readyz', port: 8443, scheme: 'HTTPS' });
    expect(syncer?.env).toContainEqual({ name: 'VCLUSTER_NAME', value: NAME });
    expect(syncer?.volumeMounts).toContainEqual({ name: 'vcluster-config', mountPath: '/var/lib/vcluster' });
    expect(syncer?.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
  });

  it('binds the Role to the control plane service account and grants no optional kinds', () => {
    const binding = find<Binding>(objects, 'RoleBinding', `vc-${NAME}`);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: `vc-${NAME}`, namespace: NS }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `vc-${NAME}` });
    const role = find<RoleObject>(objects, 'Role', `vc-${NAME}`);
    expect(hasRule(role.rules, '', 'pods')).toBe(true);
    expect(hasRule(role.rules, 'networking.k8s.io', 'ingresses')).toBe(false);
  });

  it('stores all values in the config Secret', () => {
    const secret = find<Secret>(objects, 'Secret', `vc-config-${NAME}`);
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.data)).toEqual(['config.yaml']);
    const config = parse(Buffer.from(secret.data['config.yaml'] ?? '', 'base64').toString('utf8')) as unknown;
    expect(config).toEqual(readYaml(join(chartDir, 'values.yaml')));
  });
});

describe('options', () => {
  it('adds ClusterRole and ClusterRoleBinding vc-NAME-v-NS for node sync', () => {
    const objects = render({ set: ['sync.fromHost.nodes.enabled=true'] });
    expect(list(objects)).toEqual([...DEFAULT_OBJECTS.slice(0, 3), `ClusterRole vc-${NAME}-v-${NS}`, `ClusterRoleBinding vc-${NAME}-v-${NS}`, ...DEFAULT_OBJECTS.slice(3)]);
    const role = find<RoleObject>(objects, 'ClusterRole', `vc-${NAME}-v-${NS}`);
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.metadata.labels).toMatchObject({ app: 'vcluster', release: NAME, chart: 'vcluster-0.36.1', heritage: 'Helm' });
    expect(hasRule(role.rules, '', 'nodes')).toBe(true);
    const binding = find<Binding>(objects, 'ClusterRoleBinding', `vc-${NAME}-v-${NS}`);
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: `vc-${NAME}`, namespace: NS }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `vc-${NAME}-v-${NS}` });
  });

  it('lets node write-back patch host nodes only when syncBackChanges is on', () => {
    const rules = (set: string[]) => find<RoleObject>(render({ set }), 'ClusterRole', `vc-${NAME}-v-${NS}`).rules;
    const writesNodes = (r: Rule[]) => r.some((rule) => rule.resources.includes('nodes') && rule.verbs.includes('patch'));
    expect(writesNodes(rules(['sync.fromHost.nodes.enabled=true']))).toBe(false);
    expect(writesNodes(rules(['sync.fromHost.nodes.enabled=true', 'sync.fromHost.nodes.syncBackChanges=true']))).toBe(true);
  });

  it('grows the Role with enabled toHost options', () => {
    const role = find<RoleObject>(
      render({ set: ['sync.toHost.ingresses.enabled=true', 'sync.toHost.networkPolicies.enabled=true', 'sync.toHost.podDisruptionBudgets.enabled=true', 'sync.toHost.serviceAccounts.enabled=true'] }),
      'Role',
      `vc-${NAME}`,
    );
    expect(hasRule(role.rules, 'networking.k8s.io', 'ingresses')).toBe(true);
    expect(hasRule(role.rules, 'networking.k8s.io', 'networkpolicies')).toBe(true);
    expect(hasRule(role.rules, 'policy', 'poddisruptionbudgets')).toBe(true);
    expect(hasRule(role.rules, '', 'serviceaccounts')).toBe(true);
  });

  it('needs cluster-wide rights for ingress class sync', () => {
    const objects = render({ set: ['sync.fromHost.ingressClasses.enabled=true'] });
    expect(hasRule(find<RoleObject>(objects, 'ClusterRole', `vc-${NAME}-v-${NS}`).rules, 'networking.k8s.io', 'ingressclasses')).toBe(true);
  });

  it('renders an Ingress for the control plane with the given host', () => {
    const objects = render({ set: ['controlPlane.ingress.enabled=true', 'controlPlane.ingress.host=vc.example.com'] });
    expect(list(objects)).toEqual([...DEFAULT_OBJECTS, `Ingress ${NAME}`]);
    const ingress = find<Ingress>(objects, 'Ingress', NAME);
    expect(ingress.metadata.namespace).toBe(NS);
    expect(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/ssl-passthrough']).toBe('true');
    const [rule] = ingress.spec.rules;
    expect(rule?.host).toBe('vc.example.com');
    expect(rule?.http.paths[0]?.backend.service).toEqual({ name: NAME, port: { name: 'https' } });
  });

  it('sets the Service type and drops the kubelet port for a LoadBalancer', () => {
    const type = (set: string[]) => find<Service>(render({ set }), 'Service', NAME).spec;
    expect(type(['controlPlane.service.spec.type=NodePort']).type).toBe('NodePort');
    const lb = type(['controlPlane.service.spec.type=LoadBalancer']);
    expect(lb.type).toBe('LoadBalancer');
    expect(lb.ports.map((p) => p.name)).toEqual(['https']);
  });

  it('uses controlPlane.statefulSet.image.tag over the chart version', () => {
    const objects = render({ set: ['controlPlane.statefulSet.image.tag=0.36.0-test'] });
    const syncer = find<Workload>(objects, 'StatefulSet', NAME).spec.template.spec.containers[0];
    expect(syncer?.image).toBe('ghcr.io/loft-sh/vcluster-pro:0.36.0-test');
  });

  it('sets the PVC size and keeps the PVC on delete when the cluster supports the policy', () => {
    const objects = render({ set: ['controlPlane.statefulSet.persistence.volumeClaim.size=2Gi'], args: ['--kube-version', '1.36.0'] });
    const sts = find<Workload>(objects, 'StatefulSet', NAME);
    expect(sts.spec.volumeClaimTemplates?.[0]?.spec.resources.requests.storage).toBe('2Gi');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain' });
  });

  it('becomes a Deployment without headless Service when persistence is off, like the real chart', () => {
    const objects = render({ set: ['controlPlane.statefulSet.persistence.volumeClaim.enabled=false'] });
    expect(list(objects)).toEqual([...DEFAULT_OBJECTS.slice(0, 5), `Service ${NAME}`, `Deployment ${NAME}`]);
    const pod = find<Workload>(objects, 'Deployment', NAME).spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });

  it('renders quota and limit range together once either is on', () => {
    expect(list(render({ set: ['policies.resourceQuota.enabled=true'] }))).toEqual([
      `ResourceQuota vc-${NAME}`,
      `LimitRange vc-${NAME}`,
      ...DEFAULT_OBJECTS,
    ]);
    expect(list(render({ set: ['policies.resourceQuota.enabled=true', 'policies.limitRange.enabled=false'] }))).toEqual([
      `ResourceQuota vc-${NAME}`,
      ...DEFAULT_OBJECTS,
    ]);
  });

  it('renders NetworkPolicies vc-work-NAME and vc-cp-NAME that keep workloads out of other namespaces', () => {
    const objects = render({ set: ['policies.networkPolicy.enabled=true'] });
    expect(list(objects)).toEqual([`NetworkPolicy vc-work-${NAME}`, `NetworkPolicy vc-cp-${NAME}`, ...DEFAULT_OBJECTS]);
    interface Policy extends K8sObject { spec: { podSelector: { matchLabels: Record<string, string> }; policyTypes: string[]; egress: { to?: Record<string, unknown>[]; ports?: unknown[] }[]; ingress?: unknown[] } }
    const work = find<Policy>(objects, 'NetworkPolicy', `vc-work-${NAME}`).spec;
    expect(work.podSelector.matchLabels).toEqual({ 'vcluster.loft.sh/managed-by': NAME });
    expect(work.policyTypes).toEqual(['Egress']);
    // Every peer is this vCluster's own pods, one DNS address or the public internet without the private ranges.
    const peers = work.egress.flatMap((rule) => rule.to ?? []);
    expect(peers).toEqual([
      { podSelector: { matchLabels: { app: 'vcluster', release: NAME } } },
      { podSelector: { matchLabels: { 'vcluster.loft.sh/managed-by': NAME } } },
      { ipBlock: { cidr: '8.8.8.8/32' } },
      { ipBlock: { cidr: '0.0.0.0/0', except: ['100.64.0.0/10', '127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } },
    ]);
    expect(work.egress.every((rule) => rule.to !== undefined)).toBe(true);
    const controlPlane = find<Policy>(objects, 'NetworkPolicy', `vc-cp-${NAME}`).spec;
    expect(controlPlane.podSelector.matchLabels).toEqual({ app: 'vcluster', release: NAME });
    expect(controlPlane.policyTypes).toEqual(['Egress']);
  });

  it('appends the values\' own network rules and limits ingress only when given ingress rules', () => {
    const rule = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] };
    const objects = render({ values: { policies: { networkPolicy: { enabled: true, workload: { ingress: [rule], publicEgress: { enabled: false } } } } } });
    const work = find<K8sObject & { spec: { policyTypes: string[]; ingress: unknown[]; egress: { to?: { ipBlock?: unknown }[] }[] } }>(objects, 'NetworkPolicy', `vc-work-${NAME}`).spec;
    expect(work.policyTypes).toEqual(['Egress', 'Ingress']);
    expect(work.ingress).toEqual([rule]);
    expect(work.egress.flatMap((r) => r.to ?? []).filter((peer) => peer.ipBlock)).toEqual([{ ipBlock: { cidr: '8.8.8.8/32' } }]);
    expect(helmTemplate({ set: ['policies.networkPolicy.workload.egress[0].bogus=1'] }).status).not.toBe(0);
  });

  it('stores the merged values in the config Secret', () => {
    const overrides = {
      sync: {
        toHost: { ingresses: { enabled: true } },
        fromHost: { nodes: { enabled: true, selector: { labels: { pool: 'tenants' } } } },
      },
      controlPlane: { proxy: { extraSANs: ['vc.example.com'] }, service: { spec: { type: 'NodePort' } } },
      exportKubeConfig: { server: 'https://vc.example.com', context: 'my-vc' },
    };
    const secret = find<Secret>(render({ values: overrides }), 'Secret', `vc-config-${NAME}`);
    const config = parse(Buffer.from(secret.data['config.yaml'] ?? '', 'base64').toString('utf8')) as unknown;
    expect(config).toEqual(mergeValues(readYaml(join(chartDir, 'values.yaml')), overrides));
  });
});

describe('config hash on the pod template', () => {
  it('is a sha256 that stays put for equal values and changes with a sync option', () => {
    const before = configHash(render());
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(render())).toBe(before);
    expect(configHash(render({ set: ['sync.toHost.ingresses.enabled=true'] }))).not.toBe(before);
    expect(configHash(render({ set: ['sync.fromHost.nodes.enabled=true'] }))).not.toBe(before);
  });
});

describe('schema', () => {
  it.each([
    ['sync.ingresses.enabled=true', '/sync', 'ingresses'],
    ['sync.nodes.enabled=true', '/sync', 'nodes'],
    ['sync.toHost.ingresses.all=true', '/sync/toHost/ingresses', 'all'],
  ])('rejects the unknown key in %s naming it', (set, at, key) => {
    const result = helmTemplate({ set: [set] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`at '${at}': additional properties '${key}' not allowed`);
  });

  it('rejects a wrong type', () => {
    const result = helmTemplate({ set: ['sync.toHost.ingresses.enabled=yes'] });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('/sync/toHost/ingresses/enabled');
  });

  it('is draft 2020-12 and closed at every level it names keys', () => {
    const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as JsonSchema & { $schema?: string };
    expect(typeof schema === 'object' && schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(findOpenObjects(schema)).toEqual([]);
  });
});

describe('compatibility with the real chart data', () => {
  const present = existsSync(join(referenceDir, 'values.schema.json'));

  it('finds the real chart data (set CUBBY_VCLUSTER_REFERENCE_DIR if it lives elsewhere)', () => {
    expect(present, `no values.schema.json in ${referenceDir}`).toBe(true);
  });

  it.runIf(present)('accepts no value the real schema rejects', () => {
    const mine = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as JsonSchema;
    const real = JSON.parse(readFileSync(join(referenceDir, 'values.schema.json'), 'utf8')) as JsonSchema;
    expect(findWidenings(mine, real)).toEqual([]);
  });

  it.runIf(present)('has only keys of the real values.yaml, with the same defaults', () => {
    const mine = readYaml(join(chartDir, 'values.yaml'));
    const real = readYaml(join(referenceDir, 'values.yaml'));
    expect(findValueDifferences(mine, real)).toEqual([]);
  });
});
