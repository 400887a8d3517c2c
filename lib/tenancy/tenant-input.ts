// What an admin may send to create or change a tenant, as zod schemas shared by the store, the
// route handlers (and their OpenAPI document) and the admin form.
import { z } from 'zod';
import { MAX_TENANT_NAME_LENGTH, tenantNameProblem } from '@/lib/vcluster/vcluster-name';
import { quantityProblem } from './quantity';
import { TenantIngressHostsSchema } from './ingress-hosts';

/** Highest vCluster cap an admin can set; far above what one host runs, it catches typos. */
export const MAX_VCLUSTERS_LIMIT = 1000;
export const MAX_PODS_LIMIT = 100_000;
export const MAX_MEMBERS = 500;
export const MAX_TEMPLATES_PER_TENANT = 100;

export const TenantNameSchema = z.string().superRefine((name, ctx) => {
  if (name.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'enter a tenant name' });
    return;
  }
  if (name.length > MAX_TENANT_NAME_LENGTH) {
    ctx.addIssue({
      code: 'custom',
      message: `tenant name '${name}' must be at most ${MAX_TENANT_NAME_LENGTH} characters long (it has ${name.length}), so every vCluster name still fits the host namespace name`,
    });
    return;
  }
  const problem = tenantNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/\.$/, '') });
});

/** Template names double as label values on host objects: DNS-1123 labels. */
export const TemplateNameSchema = z
  .string()
  .min(1, 'enter a template name')
  .max(63, 'a template name must be at most 63 characters long')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a template name must be lowercase letters, digits and '-', starting and ending with a letter or digit");

const SUBJECT_CHARS = /^[^\s\p{Cc}]+$/u;
const SERVICE_ACCOUNT_USER = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;

/**
 * Users as the API server names them. `system:` names belong to Kubernetes itself: binding
 * `system:anonymous` (or a node, or a controller) into a tenant would hand its vClusters to
 * whoever holds that identity. Service accounts are allowed by their full name, for CI jobs.
 */
export const UserNameSchema = z
  .string()
  .min(1, 'a user name must not be empty')
  .max(253, 'a user name must be at most 253 characters long')
  .regex(SUBJECT_CHARS, 'a user name must not contain spaces or control characters')
  .refine((user) => !user.startsWith('system:') || SERVICE_ACCOUNT_USER.test(user), {
    message: "user names starting with 'system:' are reserved by Kubernetes; only service accounts (system:serviceaccount:NAMESPACE:NAME) may be members",
  });

/**
 * Groups. `system:authenticated` would make every signed-in user a member, `system:masters`
 * and the other `system:` groups are Kubernetes' own; none of them can name a tenant's people.
 */
export const GroupNameSchema = z
  .string()
  .min(1, 'a group name must not be empty')
  .max(253, 'a group name must be at most 253 characters long')
  .regex(SUBJECT_CHARS, 'a group name must not contain spaces or control characters')
  .refine((group) => !group.startsWith('system:'), {
    message: "group names starting with 'system:' are Kubernetes' own (system:authenticated would admit everyone) and cannot be tenant members",
  });

const unique = <T>(items: T[]): T[] => [...new Set(items)];

export const MembersSchema = z.strictObject({
  users: z.array(UserNameSchema).max(MAX_MEMBERS, `at most ${MAX_MEMBERS} users`).default([]).transform(unique),
  groups: z.array(GroupNameSchema).max(MAX_MEMBERS, `at most ${MAX_MEMBERS} groups`).default([]).transform(unique),
});

const QuantitySchema = z.string().superRefine((text, ctx) => {
  const problem = quantityProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const QuotaSchema = z.strictObject({
  maxVClusters: z
    .int('maxVClusters must be a whole number')
    .min(0, 'maxVClusters must be 0 or more')
    .max(MAX_VCLUSTERS_LIMIT, `maxVClusters must be at most ${MAX_VCLUSTERS_LIMIT}`),
  cpu: QuantitySchema.optional(),
  memory: QuantitySchema.optional(),
  pods: z
    .int('pods must be a whole number')
    .min(0, 'pods must be 0 or more')
    .max(MAX_PODS_LIMIT, `pods must be at most ${MAX_PODS_LIMIT}`)
    .optional(),
});

export const TenantSpecSchema = z.strictObject({
  displayName: z.string().trim().max(100, 'displayName must be at most 100 characters long').optional(),
  members: MembersSchema.default({ users: [], groups: [] }),
  quota: QuotaSchema,
  templates: z
    .array(TemplateNameSchema)
    .max(MAX_TEMPLATES_PER_TENANT, `at most ${MAX_TEMPLATES_PER_TENANT} templates`)
    .default([])
    .transform(unique),
  ingressHosts: TenantIngressHostsSchema.optional(),
});

export const TenantCreateSchema = z.strictObject({
  name: TenantNameSchema,
  spec: TenantSpecSchema,
});

/** Changes replace the whole spec and must name the version they were made from. */
export const TenantUpdateSchema = z.strictObject({
  spec: TenantSpecSchema,
  resourceVersion: z.string({ error: 'resourceVersion is required: send the version you read, so a concurrent change is not overwritten' }).min(1, 'resourceVersion must not be empty'),
});

export type TenantCreateInput = z.input<typeof TenantCreateSchema>;
export type TenantUpdateInput = z.input<typeof TenantUpdateSchema>;
