import 'server-only';
// The kinds Cubby adds to the host: Tenant and VClusterTemplate (cluster-scoped, so they are
// admin objects outside any tenant's namespace) and AuditRecord (namespaced, in Cubby's own
// namespace, so the audit trail can be guarded by namespace RBAC and listed without scanning
// the cluster). The schemas repeat the store's checks, so objects written with kubectl are held
// to the same rules as those written through Cubby.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes, type ResourceType } from '@/lib/kube/resource-types';
import { TENANT_OPTION_IDS } from '@/lib/vcluster/sync-options';
import { CHART_VERSION_PATTERN, MAX_CHART_VERSION_LENGTH } from '@/lib/vcluster/chart-version';
import { MAX_TENANT_NAME_LENGTH } from '@/lib/vcluster/vcluster-name';
import { CUBBY_API_GROUP, CUBBY_API_VERSION, LABEL_MANAGED_BY, MANAGED_BY_CUBBY } from './model';
import { QUANTITY_PATTERN } from './quantity';
import { cubbyNamespace } from './settings';
import { MAX_MEMBERS, MAX_PODS_LIMIT, MAX_TEMPLATES_PER_TENANT, MAX_VCLUSTERS_LIMIT } from './tenant-input';
import { MAX_INGRESS_HOST_PATTERNS } from './ingress-hosts';
import { ingressHostPolicyObjects } from './ingress-host-policy';
import { POD_SECURITY_LEVELS } from './pod-security';
import { MAX_IDLE_MINUTES } from '@/lib/vcluster/sleep/sleep-policy';
import { MAX_SCHEDULE_WINDOWS, WEEKDAYS } from '@/lib/vcluster/sleep/weekly-schedule';

const VERSION = CUBBY_API_VERSION.split('/')[1]!;

export const CubbyResourceTypes = {
  Tenant: { apiVersion: CUBBY_API_VERSION, kind: 'Tenant', plural: 'tenants', namespaced: false },
  VClusterTemplate: { apiVersion: CUBBY_API_VERSION, kind: 'VClusterTemplate', plural: 'vclustertemplates', namespaced: false },
  AuditRecord: { apiVersion: CUBBY_API_VERSION, kind: 'AuditRecord', plural: 'auditrecords', namespaced: true },
} as const satisfies Record<string, ResourceType>;

type Schema = Record<string, unknown>;

const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const subjects = (what: string): Schema => ({
  type: 'array',
  description: `${what} that are members of the tenant.`,
  maxItems: MAX_MEMBERS,
  'x-kubernetes-list-type': 'set',
  items: str({ minLength: 1, maxLength: 253 }),
});

/** The store checks each pattern (ingress-hosts.ts); the schema bounds what kubectl can write. */
const ingressHosts = (placeholders: boolean): Schema => ({
  type: 'array',
  description: placeholders
    ? 'Ingress host patterns (exact hosts or *.domain) every vCluster of this template may claim; {tenant} and {vcluster} are filled in.'
    : 'Ingress host patterns (exact hosts or *.domain) the vClusters of this tenant may claim on the host.',
  maxItems: MAX_INGRESS_HOST_PATTERNS,
  'x-kubernetes-list-type': 'set',
  items: str({ maxLength: 253, pattern: placeholders ? '^(\\*\\.)?[a-z0-9{}.-]+$' : '^(\\*\\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' }),
});

const TIME_OF_DAY = '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$';
const idleMinutes = (description: string): Schema => ({ type: 'integer', minimum: 1, maximum: MAX_IDLE_MINUTES, description });

/** Sleep mode (lib/vcluster/sleep/sleep-policy.ts); the store also checks the time zone name. */
const sleepSchema: Schema = {
  type: 'object',
  description: 'Sleep mode: defaults and bounds for sleeping when idle or on a weekly schedule. Absent: vClusters of this template never sleep.',
  properties: {
    afterIdleMinutes: {
      type: 'object',
      required: ['min', 'max'],
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', message: 'afterIdleMinutes.min must not be above max' },
        { rule: '!has(self.default) || (self.default >= self.min && self.default <= self.max)', message: 'afterIdleMinutes.default must be between min and max' },
      ],
      properties: {
        default: idleMinutes('Minutes without activity before a new vCluster sleeps; absent: never by default (needs allowNever).'),
        min: idleMinutes('The shortest idle time a tenant may choose.'),
        max: idleMinutes('The longest idle time a tenant may choose.'),
      },
    },
    allowNever: { type: 'boolean', description: 'Whether a tenant may turn sleeping on idle off for a vCluster.' },
    schedule: {
      type: 'object',
      required: ['timeZone', 'windows'],
      description: 'The default weekly schedule: windows of local time during which vClusters sleep.',
      properties: {
        timeZone: str({ minLength: 1, maxLength: 64, description: 'IANA time zone name, e.g. Europe/Berlin.' }),
        windows: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_SCHEDULE_WINDOWS,
          items: {
            type: 'object',
            required: ['days', 'from', 'to'],
            properties: {
              days: { type: 'array', minItems: 1, maxItems: 7, 'x-kubernetes-list-type': 'set', items: str({ enum: [...WEEKDAYS] }) },
              from: str({ pattern: TIME_OF_DAY, description: 'Local start, HH:MM.' }),
              to: str({ pattern: TIME_OF_DAY, description: 'Local end, HH:MM (24:00 is midnight); not after from means the next day.' }),
            },
          },
        },
      },
    },
    allowTenantChange: { type: 'boolean', description: 'Whether tenants may change the idle time (within the bounds) and the schedule of their vClusters.' },
  },
};

const tenantSchema: Schema = {
  type: 'object',
  required: ['spec'],
  // Name rules that keep `vc-<tenant>--<vcluster>` an unambiguous namespace name
  // (lib/vcluster/vcluster-name.ts). Root-level rules may read metadata.name.
  'x-kubernetes-validations': [
    {
      rule: `self.metadata.name.size() <= ${MAX_TENANT_NAME_LENGTH}`,
      message: `tenant names must be at most ${MAX_TENANT_NAME_LENGTH} characters long`,
    },
    {
      rule: `self.metadata.name.matches('${DNS1123_LABEL}') && !self.metadata.name.contains('--')`,
      message: "tenant names must be lowercase letters, digits and '-' (never '--'), starting and ending with a letter or digit",
    },
  ],
  properties: {
    spec: {
      type: 'object',
      required: ['quota'],
      properties: {
        displayName: str({ maxLength: 100 }),
        members: {
          type: 'object',
          properties: { users: subjects('Users (as the API server names them)'), groups: subjects('Groups') },
        },
        quota: {
          type: 'object',
          required: ['maxVClusters'],
          properties: {
            maxVClusters: { type: 'integer', minimum: 0, maximum: MAX_VCLUSTERS_LIMIT, description: 'How many vClusters the tenant may have at once.' },
            cpu: str({ pattern: QUANTITY_PATTERN, maxLength: 32, description: 'CPU (requests and limits) for each vCluster namespace, on top of the control plane.' }),
            memory: str({ pattern: QUANTITY_PATTERN, maxLength: 32, description: 'Memory (requests and limits) for each vCluster namespace, on top of the control plane.' }),
            pods: { type: 'integer', minimum: 0, maximum: MAX_PODS_LIMIT, description: 'Pods in each vCluster namespace, on top of the control plane.' },
          },
        },
        templates: {
          type: 'array',
          maxItems: MAX_TEMPLATES_PER_TENANT,
          'x-kubernetes-list-type': 'set',
          items: str({ pattern: DNS1123_LABEL, maxLength: 63 }),
        },
        ingressHosts: ingressHosts(false),
      },
    },
  },
};

const templateSchema: Schema = {
  type: 'object',
  required: ['spec'],
  'x-kubernetes-validations': [
    {
      rule: `self.metadata.name.size() <= 63 && self.metadata.name.matches('${DNS1123_LABEL}')`,
      message: 'template names must be DNS-1123 labels (they are used as label values)',
    },
  ],
  properties: {
    spec: {
      type: 'object',
      properties: {
        displayName: str({ maxLength: 100 }),
        description: str({ maxLength: 2000 }),
        // Chart values are the chart's business (helm checks them against values.schema.json).
        baseValues: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        allowedOptions: {
          type: 'array',
          'x-kubernetes-list-type': 'set',
          items: { type: 'string', enum: [...TENANT_OPTION_IDS] },
        },
        podSecurityLevel: str({ enum: [...POD_SECURITY_LEVELS], description: 'Pod Security enforced on every vCluster namespace of this template; baseline when unset.' }),
        ingressHosts: ingressHosts(true),
        chartVersion: str({
          pattern: CHART_VERSION_PATTERN,
          maxLength: MAX_CHART_VERSION_LENGTH,
          description: 'The vCluster chart version of new vClusters of this template, and the one "Upgrade vClusters" moves them to; the configured version when unset.',
        }),
        sleep: sleepSchema,
      },
    },
  },
};

const auditSchema: Schema = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['actor', 'action', 'result', 'at'],
      // A trail that can be edited proves nothing; records can only be created and deleted.
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'audit records are immutable' }],
      properties: {
        actor: {
          type: 'object',
          required: ['user'],
          // Generous: identity providers' names have no fixed limit, and a record that cannot be
          // stored stops the action (see audit.ts).
          properties: { user: str({ maxLength: 1024 }), groups: { type: 'array', maxItems: 1000, items: str({ maxLength: 1024 }) } },
        },
        action: str({ maxLength: 63, pattern: '^[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9-]*)+$' }),
        tenant: str({ maxLength: 63 }),
        vcluster: str({ maxLength: 63 }),
        result: str({ enum: ['success', 'denied', 'failed'] }),
        message: str({ maxLength: 4096 }),
        at: str({ format: 'date-time' }),
      },
    },
  },
};

function crd(
  kind: string,
  plural: string,
  scope: 'Cluster' | 'Namespaced',
  schema: Schema,
  columns: { name: string; type: string; jsonPath: string }[],
): KubernetesObject & Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${CUBBY_API_GROUP}`, labels: { [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY } },
    spec: {
      group: CUBBY_API_GROUP,
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, categories: ['cubby'] },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          additionalPrinterColumns: [...columns, { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }],
        },
      ],
    },
  };
}

export function cubbyCrds(): (KubernetesObject & Record<string, unknown>)[] {
  return [
    crd('Tenant', 'tenants', 'Cluster', tenantSchema, [
      { name: 'Max vClusters', type: 'integer', jsonPath: '.spec.quota.maxVClusters' },
      { name: 'Templates', type: 'string', jsonPath: '.spec.templates' },
    ]),
    crd('VClusterTemplate', 'vclustertemplates', 'Cluster', templateSchema, [
      { name: 'Options', type: 'string', jsonPath: '.spec.allowedOptions' },
      { name: 'Chart', type: 'string', jsonPath: '.spec.chartVersion' },
    ]),
    crd('AuditRecord', 'auditrecords', 'Namespaced', auditSchema, [
      { name: 'Actor', type: 'string', jsonPath: '.spec.actor.user' },
      { name: 'Action', type: 'string', jsonPath: '.spec.action' },
      { name: 'Tenant', type: 'string', jsonPath: '.spec.tenant' },
      { name: 'vCluster', type: 'string', jsonPath: '.spec.vcluster' },
      { name: 'Result', type: 'string', jsonPath: '.spec.result' },
    ]),
  ];
}

interface CrdStatus {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface EnsureCrdsOptions {
  /** Cubby's namespace (audit records, API tokens); default from CUBBY_NAMESPACE. */
  namespace?: string;
  timeoutMs?: number;
}

/**
 * Installs or updates the CRDs and Cubby's namespace and waits until the API server serves the
 * kinds. Server-side apply makes it idempotent, so every replica may call it at start-up. Under
 * Cubby's chart the CRDs and policies exist already and this only patches them (its ClusterRole
 * may patch exactly these names; creating them is the chart's job).
 */
export async function ensureCubbyCrds(client: KubeClient, options: EnsureCrdsOptions = {}): Promise<void> {
  const namespace = options.namespace ?? cubbyNamespace();
  // Installed by Cubby's chart, which Cubby then may not change; created here only outside it.
  if (!(await client.find(ResourceTypes.Namespace, namespace))) {
    await client.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY } },
    });
  }
  const crds = cubbyCrds();
  for (const object of crds) await client.apply(object);
  // The host's own check of ingress host names in vCluster namespaces (ingress-host-policy.ts).
  for (const object of ingressHostPolicyObjects()) await client.apply(object);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (const object of crds) {
    const name = object.metadata!.name!;
    for (;;) {
      const current = await client.get<CrdStatus>(ResourceTypes.CustomResourceDefinition, name);
      const conditions = current.status?.conditions ?? [];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      const rejected = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      if (rejected) throw new KubeError(409, 'NamesNotAccepted', `CRD ${name}: ${rejected.message ?? rejected.reason}`, { kind: 'CustomResourceDefinition', name });
      if (Date.now() > deadline) {
        throw new KubeError(504, 'Timeout', `CRD ${name} was not established in time`, { kind: 'CustomResourceDefinition', name });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
