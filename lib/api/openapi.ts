// The OpenAPI 3.1 description of Cubby's HTTP API, served at /api/openapi.json. Request bodies
// come from the same zod schemas the routes parse with, so the document cannot drift from them.
import { z } from 'zod';
import { SyncOptionsSchema } from '@/lib/vcluster/sync-options';
import { TenantCreateSchema, TenantUpdateSchema } from '@/lib/tenancy/tenant-input';
import { TemplateCreateSchema, TemplateUpdateSchema } from '@/lib/tenancy/template-input';
import { CreateApiTokenSchema } from '@/lib/tenancy/api-tokens';
import { ChangeOptionsBody, CreateVClusterBody, KeepAwakeBody } from './vcluster-actions-schemas';
import { VClusterSleepSettingsSchema } from '@/lib/vcluster/sleep/sleep-policy';
import { RollbackChartUpgradeBody, StartChartUpgradeBody } from './chart-upgrade-schemas';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  summary: string;
  admin?: boolean;
  body?: z.ZodType;
  success: number;
  query?: string[];
}

const vc = '/api/vclusters/{tenant}/{name}';
const routes: Record<string, Partial<Record<Method, Operation>>> = {
  '/api/me': { get: { summary: 'The caller: user, groups, admin, tenants', success: 200 } },
  '/api/vclusters': {
    get: { summary: 'vClusters the caller may see, with status', success: 200, query: ['tenant'] },
    post: { summary: 'Create a vCluster (202; watch it come up)', body: CreateVClusterBody.extend({ options: SyncOptionsSchema.optional() }), success: 202 },
  },
  [vc]: {
    get: { summary: 'One vCluster with status, creation step, config pending, waiting reason', success: 200 },
    patch: { summary: 'Change sync options (409 when expectedVersion is stale)', body: ChangeOptionsBody.extend({ options: SyncOptionsSchema }), success: 200 },
    delete: { summary: 'Delete the vCluster and everything it left on the host', success: 202 },
  },
  [`${vc}/pause`]: { post: { summary: 'Pause (scale to 0, loft.sh/paused annotations)', success: 200 } },
  [`${vc}/resume`]: { post: { summary: 'Resume with the replicas recorded at pause', success: 200 } },
  [`${vc}/sleep`]: {
    get: { summary: 'Sleep mode: state, next sleep or scheduled wake, last wake, keep-awake, settings and the template policy', success: 200 },
    put: { summary: "Set the vCluster's sleep settings within the template's bounds (afterIdleMinutes: number | null, schedule: {timeZone, windows} | null)", body: VClusterSleepSettingsSchema, success: 200 },
  },
  [`${vc}/sleep/keep-awake`]: { post: { summary: 'Keep awake for N hours (0-24; 0 ends it); wakes it if sleep mode put it to sleep', body: KeepAwakeBody, success: 200 } },
  '/api/admin/sleep': { get: { summary: 'Per tenant, last 7 days: hours asleep, CPU and memory requests freed, hours per day', admin: true, success: 200 } },
  [`${vc}/pods`]: { get: { summary: 'Pods the vCluster synced to the host, with virtual names', success: 200 } },
  [`${vc}/nodes`]: { get: { summary: 'Nodes inside the vCluster (fake or synced)', success: 200 } },
  [`${vc}/events`]: { get: { summary: "Events of the vCluster's host namespace, newest first", success: 200 } },
  [`${vc}/connection`]: { get: { summary: 'How the vCluster API is reached (server, strategy, port-forward command), without credentials', success: 200 } },
  [`${vc}/kubeconfig`]: {
    get: { summary: 'Kubeconfig with a reachable server; ?token=true&expirationSeconds=N for a short-lived token, ?download=1 for a file', success: 200, query: ['token', 'expirationSeconds', 'download'] },
  },
  '/api/tenants': {
    get: { summary: 'Tenants (all for admins, own for members)', success: 200 },
    post: { summary: 'Create a tenant', admin: true, body: TenantCreateSchema, success: 201 },
  },
  '/api/tenants/{name}': {
    get: { summary: 'One tenant', success: 200 },
    put: { summary: 'Update a tenant (resourceVersion required)', admin: true, body: TenantUpdateSchema, success: 200 },
    delete: { summary: 'Delete a tenant without vClusters', admin: true, success: 204, query: ['resourceVersion'] },
  },
  '/api/templates': {
    get: { summary: 'Templates the caller may use (all for admins)', success: 200 },
    post: { summary: 'Create a template', admin: true, body: TemplateCreateSchema, success: 201 },
  },
  '/api/templates/{name}': {
    get: { summary: 'One template', success: 200 },
    put: { summary: 'Update a template (resourceVersion required)', admin: true, body: TemplateUpdateSchema, success: 200 },
    delete: { summary: 'Delete a template no tenant uses', admin: true, success: 204, query: ['resourceVersion'] },
  },
  '/api/templates/{name}/chart-upgrade': {
    get: { summary: "The template's chart version and, per vCluster made from it, the version it runs and its upgrade progress (queued, upgrading, done, failed, stopped, rolled-back, interrupted)", admin: true, success: 200 },
    post: { summary: "Upgrade vClusters: move the template's vClusters one at a time to its chart version, stopping at the first failure (202 with the run; 409 while another run is at work, 400 for a version no source has)", admin: true, body: StartChartUpgradeBody, success: 202 },
  },
  '/api/templates/{name}/chart-upgrade/rollback': {
    post: { summary: 'Roll one upgraded vCluster back to the release revision it had before its upgrade (helm rollback)', admin: true, body: RollbackChartUpgradeBody, success: 200 },
  },
  '/api/audit': { get: { summary: 'Audit trail, newest first', admin: true, success: 200, query: ['tenant', 'actor', 'action', 'vcluster', 'result', 'since', 'limit'] } },
  '/api/admin/usage': {
    get: { summary: "ResourceQuota used and hard per tenant, summed over its vClusters' namespaces (CPU in millicores, memory in bytes, pods); ?tenant=NAME for one", admin: true, success: 200, query: ['tenant'] },
  },
  '/api/admin/overview': {
    get: { summary: 'Per tenant: vClusters by state, synced pods, quota sums (kept up to date from host events)', admin: true, success: 200 },
  },
  '/api/readyz': { get: { summary: 'Readiness: 200 once the host answers and the host cache has synced, 503 before (no sign-in)', success: 200 } },
  '/api/healthz': { get: { summary: 'Liveness: the process answers (no sign-in)', success: 200 } },
  '/api/discovered': { get: { summary: 'Every vCluster on the host; ?unassigned=1 for those no tenant owns', admin: true, success: 200, query: ['unassigned'] } },
  '/api/discovered/{namespace}/{name}/assign': { post: { summary: 'Assign a found vCluster to a tenant', admin: true, body: z.strictObject({ tenant: z.string() }), success: 200 } },
  '/api/tokens': {
    get: { summary: "The caller's personal API tokens (never their secrets)", success: 200 },
    post: { summary: 'Create a personal API token; its secret is shown once', body: CreateApiTokenSchema, success: 201 },
  },
  '/api/tokens/{id}': { delete: { summary: 'Revoke one of your tokens', success: 204 } },
  '/api/stream': { get: { summary: 'Server-Sent Events: `change` events for what the caller may see', success: 200 } },
};

const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
};

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, operations] of Object.entries(routes)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(operations) as [Method, Operation][]) {
      const errors = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      paths[path][method] = {
        summary: op.admin ? `${op.summary} (admins)` : op.summary,
        parameters: [...pathParameters(path), ...(op.query ?? []).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } }))],
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
        responses: { [op.success]: { description: 'Success' }, 400: errors, 401: errors, 403: errors, 404: errors, 409: errors },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Cubby API', version: '0.1.0', description: 'Self-service vClusters. Authenticate with the session cookie or `Authorization: Bearer <personal API token>`.' },
    components: {
      schemas: { Error: ErrorBody },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' } },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
