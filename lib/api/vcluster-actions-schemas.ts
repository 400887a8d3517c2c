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
  token: z.enum(['true', 'false']).optional(),
  expirationSeconds: z.coerce.number().int().optional(),
});
