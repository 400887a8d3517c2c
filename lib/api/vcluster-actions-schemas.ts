// Request shapes of the vCluster routes, shared by the routes and the OpenAPI document.
import { z } from 'zod';

export const CreateVClusterBody = z.strictObject({
  name: z.string(),
  template: z.string().min(1),
  /** Needed only when the caller belongs to several tenants (or is an admin). */
  tenant: z.string().optional(),
  options: z.unknown().optional(),
});

export const ChangeOptionsBody = z.strictObject({
  options: z.unknown(),
  /** `optionsVersion` of the vCluster as the caller last saw it. */
  expectedVersion: z.string().min(1),
});

export const KubeconfigQuery = z.object({
  /** `gateway` (through Cubby, the default) or `direct` (the vCluster's own server). */
  access: z.enum(['gateway', 'direct']).optional(),
  token: z.enum(['true', 'false']).optional(),
  expirationSeconds: z.coerce.number().int().optional(),
});

/** Without `access`, a request for a vCluster-issued token (`token=true`) means the direct server, as before the gateway. */
export function kubeconfigAccess(query: z.infer<typeof KubeconfigQuery>): 'gateway' | 'direct' {
  return query.access ?? (query.token === 'true' ? 'direct' : 'gateway');
}

/** POST .../sleep/keep-awake: keep the vCluster awake for this many hours from now; 0 ends it. */
export const KeepAwakeBody = z.strictObject({
  hours: z.number('hours must be a number').min(0, 'hours must not be negative').max(24, 'hours must be at most 24'),
});
