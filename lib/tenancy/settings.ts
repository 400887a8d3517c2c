// Tenancy settings from the environment, validated once with zod so a typo fails at start-up
// rather than on the first request that needs it.
import { z } from 'zod';

export const DEFAULT_ADMIN_GROUP = 'cubby:admins';
export const DEFAULT_CUBBY_NAMESPACE = 'cubby-system';

const TenancyEnv = z.object({
  /** Members of this group are admins (see authorization.ts). */
  CUBBY_ADMIN_GROUP: z.string().trim().min(1).default(DEFAULT_ADMIN_GROUP),
  /** Where audit records and API tokens live. */
  CUBBY_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name (DNS-1123 label)')
    .max(63)
    .default(DEFAULT_CUBBY_NAMESPACE),
});

export interface TenancySettings {
  adminGroup: string;
  namespace: string;
}

export function tenancySettings(env: Record<string, string | undefined> = process.env): TenancySettings {
  const parsed = TenancyEnv.safeParse({
    // An empty variable means "unset", as in most deployment tools.
    CUBBY_ADMIN_GROUP: env.CUBBY_ADMIN_GROUP || undefined,
    CUBBY_NAMESPACE: env.CUBBY_NAMESPACE || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid tenancy setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return { adminGroup: parsed.data.CUBBY_ADMIN_GROUP, namespace: parsed.data.CUBBY_NAMESPACE };
}

export function adminGroupFromEnv(env?: Record<string, string | undefined>): string {
  return tenancySettings(env).adminGroup;
}

export function cubbyNamespace(env?: Record<string, string | undefined>): string {
  return tenancySettings(env).namespace;
}
