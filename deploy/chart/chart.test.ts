// Cubby's own chart, through the sandbox's pinned helm: lint, what it renders for the defaults and
// for the worked example, server.enabled=false, the schema's refusal of unknown keys, the pod's
// security settings, no wildcard in any RBAC rule, and the generated files still matching the code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import { generatedChartFiles } from './generated-files';

const chartDir = resolve(__dirname);
const projectRoot = resolve(chartDir, '..', '..');
const helm = findHelmBinary();
const NAMESPACE = 'cubby-system';
const work = mkdtempSync(join(tmpdir(), 'cubby-chart-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What an installer must set at least: the session secret and the public URL. */
const MINIMAL = { auth: { url: 'https://cubby.example.com', sessionSecret: { existingSecret: 'cubby-session' } } };
const EXAMPLE = join(chartDir, 'examples', 'sso-ingress.yaml');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  env: EnvVar[];
  envFrom: { configMapRef: { name: string } }[];
  ports: { name: string; containerPort: number }[];
  securityContext: Record<string, unknown>;
  resources: Record<string, unknown>;
  startupProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    strategy: { type: string; rollingUpdate: { maxSurge: number; maxUnavailable: number } };
    template: {
      metadata: { annotations: Record<string, string>; labels: Record<string, string> };
      spec: {
        serviceAccountName: string;
        automountServiceAccountToken: boolean;
        securityContext: Record<string, unknown>;
        containers: Container[];
        volumes: { name: string; emptyDir?: object; secret?: { secretName: string } }[];
      };
    };
  };
}
interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

function run(args: string[]) {
  const result = spawnSync(helm, args, { encoding: 'utf8', cwd: projectRoot });
  if (result.error) throw new Error(`cannot run helm (${helm}): ${result.error.message}; scripts/ensure-deps.sh builds it`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let files = 0;
function valuesFile(values: object): string {
  const file = join(work, `values-${files++}.yaml`);
  writeFileSync(file, stringify(values));
  return file;
}

/** `helm template` with values files (objects are written to files) and `--set` pairs. */
function template(values: (object | string)[], extra: string[] = []) {
  const args = ['template', 'cubby', chartDir, '--namespace', NAMESPACE, ...extra];
  for (const v of values) args.push('-f', typeof v === 'string' ? v : valuesFile(v));
  return run(args);
}

function render(values: (object | string)[], extra: string[] = []): K8sObject[] {
  const result = template(values, extra);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const kinds = (objects: K8sObject[]) => objects.map((o) => o.kind).sort();
const one = <T extends K8sObject>(objects: K8sObject[], kind: string): T => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found.map((o) => o.metadata.name), kind).toHaveLength(1);
  return found[0] as T;
};

/** The container's environment with the ConfigMap's entries folded in, as the pod sees it. */
function environment(objects: K8sObject[]): Map<string, EnvVar> {
  const container = one<Deployment>(objects, 'Deployment').spec.template.spec.containers[0]!;
  const env = new Map<string, EnvVar>();
  for (const source of container.envFrom) {
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef.name) as (K8sObject & { data: Record<string, string> }) | undefined;
    expect(map, `ConfigMap ${source.configMapRef.name}`).toBeDefined();
    for (const [name, value] of Object.entries(map!.data)) env.set(name, { name, value });
  }
  for (const variable of container.env) env.set(variable.name, variable);
  return env;
}
const value = (env: Map<string, EnvVar>, name: string) => env.get(name)?.value;

const WORKLOAD_KINDS = ['ConfigMap', 'Deployment', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceMonitor'];

describe("Cubby's chart", () => {
  it('is named cubby and carries the version of package.json as appVersion', () => {
    const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { name: string; appVersion: string };
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(chart.name).toBe('cubby');
    expect(chart.appVersion).toBe(pkg.version);
  });

  it('passes helm lint --strict with the minimal values and with the worked example', () => {
    for (const values of [valuesFile(MINIMAL), EXAMPLE]) {
      const result = run(['lint', chartDir, '--strict', '--namespace', NAMESPACE, '-f', values]);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    }
  });

  it('says what is missing when the session secret or the public URL is not set', () => {
    const noSecret = template([{ auth: { url: 'https://cubby.example.com' } }]);
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toContain('auth.sessionSecret.existingSecret');
    const noUrl = template([{ auth: { sessionSecret: { existingSecret: 'cubby-session' } } }]);
    expect(noUrl.status).not.toBe(0);
    expect(noUrl.stderr).toContain('auth.url');
  });

  describe('with the minimal values', () => {
    const objects = render([MINIMAL]);
    const deployment = one<Deployment>(objects, 'Deployment');
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0]!;
    const env = environment(objects);

    it('renders the workload, its Service and ServiceAccount, and the ingress host policy; nothing optional', () => {
      for (const kind of ['ConfigMap', 'Deployment', 'Service', 'ServiceAccount', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']) {
        expect(kinds(objects)).toContain(kind);
      }
      for (const kind of ['Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'ServiceMonitor']) expect(kinds(objects)).not.toContain(kind);
      expect(deployment.metadata.name).toBe('cubby');
      expect(container.image).toBe('cubby:0.1.0');
      expect(pod.serviceAccountName).toBe('cubby');
      expect(one(objects, 'ServiceAccount').metadata.name).toBe('cubby');
    });

    it('runs non-root with a read-only root filesystem, no capabilities and the runtime seccomp profile', () => {
      expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.automountServiceAccountToken).toBe(true);
    });

    it('gives the read-only pod emptyDirs for /tmp, the chart cache and Next’s cache', () => {
      const mounts = new Map(container.volumeMounts.map((m) => [m.mountPath, m.name]));
      const emptyDirs = new Set(pod.volumes.filter((v) => v.emptyDir).map((v) => v.name));
      for (const path of ['/tmp', '/var/cache/cubby', '/app/.next/cache']) expect(emptyDirs.has(mounts.get(path)!), path).toBe(true);
      expect(value(env, 'CUBBY_CHART_CACHE_DIR')).toBe('/var/cache/cubby/charts');
    });

    it('probes /api/healthz for start-up and liveness and /api/readyz for readiness, and rolls with no gap', () => {
      expect(container.startupProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
      expect(container.livenessProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
      expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    });

    it('sets the environment from the values, with the release namespace and the secret from its Secret', () => {
      expect(value(env, 'CUBBY_NAMESPACE')).toBe(NAMESPACE);
      expect(value(env, 'NEXTAUTH_URL')).toBe('https://cubby.example.com');
      expect(env.get('NEXTAUTH_SECRET')?.valueFrom?.secretKeyRef).toEqual({ name: 'cubby-session', key: 'secret' });
      expect(value(env, 'HOSTNAME')).toBe('0.0.0.0');
      expect(value(env, 'PORT')).toBe('3000');
      expect(value(env, 'CUBBY_ADMIN_GROUP')).toBe('cubby:admins');
      expect(value(env, 'CUBBY_CHART_REPOSITORY')).toBe('https://charts.loft.sh');
      expect(value(env, 'CUBBY_CHART_NAME')).toBe('vcluster');
      expect(value(env, 'CUBBY_CHART_VERSION')).toBe('0.36.1');
      expect(value(env, 'CUBBY_VCLUSTER_ACCESS')).toBe('service-dns');
      expect(value(env, 'CUBBY_LOG_LEVEL')).toBe('info');
      expect(value(env, 'CUBBY_SESSION_HOURS')).toBe('8');
      // Half the memory limit for the JavaScript heap, so V8 collects before the kernel kills.
      expect(value(env, 'NODE_OPTIONS')).toBe('--max-old-space-size=384');
      expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } });
      // Off unless configured: Cubby reads an unset variable as "off".
      for (const name of ['CUBBY_OIDC_ISSUER', 'CUBBY_OIDC_CLIENT_SECRET', 'CUBBY_LOCAL_ACCOUNTS_FILE', 'CUBBY_METRICS_TOKEN', 'CUBBY_CHART_OCI', 'CUBBY_TRUSTED_PROXIES', 'CUBBY_KUBECONFIG']) {
        expect(env.has(name), name).toBe(false);
      }
    });

    it('rolls the pods when a setting changes (checksum of the ConfigMap)', () => {
      const other = one<Deployment>(render([MINIMAL, { logLevel: 'debug' }]), 'Deployment');
      expect(deployment.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
      expect(other.spec.template.metadata.annotations['checksum/config']).not.toBe(deployment.spec.template.metadata.annotations['checksum/config']);
    });

    it('ships the CRDs in crds/ (helm installs them before the templates)', () => {
      const withCrds = render([MINIMAL], ['--include-crds']);
      expect(withCrds.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name).sort()).toEqual([
        'auditrecords.cubby.dev',
        'tenants.cubby.dev',
        'vclustertemplates.cubby.dev',
      ]);
    });
  });

  describe('with the worked example (single sign-on, ingress with TLS, budget, ServiceMonitor, NetworkPolicy)', () => {
    const objects = render([EXAMPLE]);
    const env = environment(objects);
    const deployment = one<Deployment>(objects, 'Deployment');

    it('renders every optional object', () => {
      for (const kind of WORKLOAD_KINDS) expect(kinds(objects)).toContain(kind);
      expect(deployment.spec.replicas).toBe(2);
    });

    it('sets single sign-on, with the client secret from its Secret, and the URL from the ingress host', () => {
      expect(value(env, 'NEXTAUTH_URL')).toBe('https://cubby.example.com');
      expect(value(env, 'CUBBY_OIDC_ISSUER')).toBe('https://login.example.com/realms/platform');
      expect(value(env, 'CUBBY_OIDC_CLIENT_ID')).toBe('cubby');
      expect(env.get('CUBBY_OIDC_CLIENT_SECRET')?.valueFrom?.secretKeyRef).toEqual({ name: 'cubby-oidc', key: 'client-secret' });
      expect(value(env, 'CUBBY_OIDC_GROUPS_CLAIM')).toBe('groups');
      expect(value(env, 'CUBBY_OIDC_NAME')).toBe('Example SSO');
      expect(value(env, 'CUBBY_OIDC_EXTRA_SCOPES')).toBe('groups');
      expect(value(env, 'CUBBY_ADMIN_GROUP')).toBe('platform-admins');
      expect(value(env, 'CUBBY_TRUSTED_PROXIES')).toBe('10.244.0.0/16');
      expect(env.get('CUBBY_METRICS_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'cubby-metrics', key: 'token' });
    });

    it('routes the host to the Service, with TLS', () => {
      const ingress = one<K8sObject & { spec: Record<string, unknown> }>(objects, 'Ingress');
      expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
      expect(ingress.spec).toEqual({
        ingressClassName: 'nginx',
        tls: [{ hosts: ['cubby.example.com'], secretName: 'cubby-tls' }],
        rules: [
          {
            host: 'cubby.example.com',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'cubby', port: { name: 'http' } } } }] },
          },
        ],
      });
    });

    it('keeps one of two pods through a drain, scrapes /metrics with the token, and lets only the listed peers in', () => {
      const pdb = one<K8sObject & { spec: { minAvailable: number } }>(objects, 'PodDisruptionBudget');
      expect(pdb.apiVersion).toBe('policy/v1');
      expect(pdb.spec.minAvailable).toBe(1);
      const monitor = one<K8sObject & { spec: { endpoints: Record<string, unknown>[] } }>(objects, 'ServiceMonitor');
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.metadata.labels?.release).toBe('prometheus');
      expect(monitor.spec.endpoints).toEqual([
        { port: 'http', path: '/metrics', interval: '30s', authorization: { type: 'Bearer', credentials: { name: 'cubby-metrics', key: 'token' } } },
      ]);
      const policy = one<K8sObject & { spec: { policyTypes: string[]; ingress: { from: unknown[]; ports: unknown[] }[] } }>(objects, 'NetworkPolicy');
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      expect(policy.spec.ingress).toHaveLength(1);
      expect(policy.spec.ingress[0]!.from).toHaveLength(2);
      expect(policy.spec.ingress[0]!.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    });

    it('refuses a disruption budget that would block every drain', () => {
      const single = template([EXAMPLE, { replicaCount: 1 }]);
      expect(single.status).not.toBe(0);
      expect(single.stderr).toContain('replicaCount >= 2');
      const tooMany = template([EXAMPLE, { podDisruptionBudget: { minAvailable: 2 } }]);
      expect(tooMany.status).not.toBe(0);
      expect(tooMany.stderr).toContain('below replicaCount');
    });
  });

  it('mounts local accounts from their Secret as a directory, so an edited Secret reaches the pod', () => {
    const objects = render([MINIMAL, { auth: { localAccounts: { enabled: true, existingSecret: 'cubby-accounts' } } }]);
    const pod = one<Deployment>(objects, 'Deployment').spec.template.spec;
    const mount = pod.containers[0]!.volumeMounts.find((m) => m.name === 'local-accounts');
    expect(mount).toEqual({ name: 'local-accounts', mountPath: '/etc/cubby/local-accounts', readOnly: true });
    expect(pod.volumes.find((v) => v.name === 'local-accounts')?.secret?.secretName).toBe('cubby-accounts');
    expect(value(environment(objects), 'CUBBY_LOCAL_ACCOUNTS_FILE')).toBe('/etc/cubby/local-accounts/accounts.json');
  });

  it('takes an OCI chart instead of the repository', () => {
    const env = environment(render([MINIMAL, { vclusterChart: { oci: 'oci://registry.example.com/charts/vcluster' } }]));
    expect(value(env, 'CUBBY_CHART_OCI')).toBe('oci://registry.example.com/charts/vcluster');
    expect(env.has('CUBBY_CHART_REPOSITORY')).toBe(false);
  });

  it('with server.enabled=false renders no workload, only the identity, RBAC, CRDs and admission policies', () => {
    // The example turns every optional workload object on; none may appear.
    const objects = render([EXAMPLE, { server: { enabled: false } }], ['--include-crds']);
    for (const kind of WORKLOAD_KINDS) expect(kinds(objects)).not.toContain(kind);
    expect(kinds(objects)).toContain('ServiceAccount');
    expect(kinds(objects)).toContain('ValidatingAdmissionPolicy');
    expect(kinds(objects).filter((k) => k === 'CustomResourceDefinition')).toHaveLength(3);
    // Nor does it need the server's settings.
    expect(() => render([{ server: { enabled: false } }])).not.toThrow();
  });

  describe('values.schema.json', () => {
    it.each([
      ['a key at the top level', ['--set', 'replicas=2']],
      ['a key inside ingress', ['--set', 'ingress.hostname=cubby.example.com']],
      ['a key two levels down', ['--set', 'auth.sso.clientSecret.name=cubby-oidc']],
      ['a key inside ingress.tls', ['--set', 'ingress.tls.secret=cubby-tls']],
    ])('rejects an unknown key: %s', (_what, set) => {
      const result = template([MINIMAL], set);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/additional properties .* not allowed|additionalProperties/i);
    });

    it('rejects a vCluster access strategy Cubby does not know', () => {
      const result = template([MINIMAL], ['--set', 'vclusterAccess=port-forward']);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('vclusterAccess');
    });

    it('closes every object it describes (additionalProperties: false wherever properties are listed)', () => {
      const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as Record<string, unknown>;
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      const open: string[] = [];
      const walk = (node: unknown, path: string) => {
        if (!node || typeof node !== 'object') return;
        const n = node as Record<string, unknown>;
        if (n.properties && n.additionalProperties !== false) open.push(path || '(root)');
        for (const [key, child] of Object.entries(n)) walk(child, key === 'properties' || key === 'items' ? path : `${path}.${key}`);
        for (const [key, child] of Object.entries((n.properties as Record<string, unknown>) ?? {})) walk(child, `${path}.${key}`);
      };
      walk(schema, '');
      expect(open).toEqual([]);
    });

    it('describes every key of values.yaml, and values.yaml every key it describes', () => {
      const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as SchemaNode;
      const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
      expect(keyPaths(values, schema)).toEqual(schemaPaths(schema));
    });
  });

  it('grants no wildcard in any ClusterRole or Role it renders (verbs, resources, apiGroups)', () => {
    const roles: { name: string; rules: Rule[] }[] = [];
    // Every combination the RBAC values allow, with and without the server.
    for (const rbac of [{ allowTemplateClusterRules: false }, { allowTemplateClusterRules: true }]) {
      for (const server of [true, false]) {
        for (const o of render([EXAMPLE, { rbac: { create: true, ...rbac }, server: { enabled: server } }])) {
          if (o.kind === 'ClusterRole' || o.kind === 'Role') roles.push({ name: `${o.kind} ${o.metadata.name}`, rules: (o.rules as Rule[] | undefined) ?? [] });
        }
      }
    }
    // Vacuous until templates/rbac.yaml exists; from then on it must render roles to check.
    if (existsSync(join(chartDir, 'templates', 'rbac.yaml'))) expect(roles.length).toBeGreaterThan(0);
    const wildcards: string[] = [];
    for (const role of roles) {
      role.rules.forEach((rule, i) => {
        for (const field of ['verbs', 'resources', 'apiGroups'] as const) {
          // `includes('*')` also catches sub-resource wildcards such as `pods/*` or `*/scale`.
          for (const entry of rule[field] ?? []) if (entry.includes('*')) wildcards.push(`${role.name} rule ${i} ${field}: ${entry}`);
        }
        // A rule without verbs, resources or apiGroups is malformed, never a quiet "all".
        expect(rule.verbs?.length ?? 0, `${role.name} rule ${i} verbs`).toBeGreaterThan(0);
      });
    }
    expect(wildcards).toEqual([]);
  });

  it('carries the CRDs and the admission policy exactly as the code makes them (npm run chart:generate)', () => {
    for (const [file, content] of Object.entries(generatedChartFiles())) {
      expect(readFileSync(join(chartDir, file), 'utf8'), `deploy/chart/${file} is stale: run npm run chart:generate`).toBe(content);
    }
  });
});

type SchemaNode = { properties?: Record<string, SchemaNode> };

/** Dotted paths of the schema's described keys (objects with `properties` are walked into). */
function schemaPaths(schema: SchemaNode, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {})
    .flatMap(([key, child]) => [`${prefix}${key}`, ...schemaPaths(child, `${prefix}${key}.`)])
    .sort();
}

/** Dotted paths of values.yaml, walking into a map only where the schema describes its keys. */
function keyPaths(values: Record<string, unknown>, schema: SchemaNode, prefix = ''): string[] {
  return Object.entries(values)
    .flatMap(([key, child]) => {
      const sub = schema.properties?.[key];
      const walk = sub?.properties && child && typeof child === 'object' && !Array.isArray(child);
      return [`${prefix}${key}`, ...(walk ? keyPaths(child as Record<string, unknown>, sub, `${prefix}${key}.`) : [])];
    })
    .sort();
}
