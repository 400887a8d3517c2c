// Request bodies of the chart upgrade routes (app/api/templates/[name]/chart-upgrade), shared with
// the OpenAPI description.
import { z } from 'zod';
import { ChartVersionSchema } from '@/lib/tenancy/template-input';

export const StartChartUpgradeBody = z.strictObject({
  /** The version the admin's page showed; 409 when the template names another one by now. */
  chartVersion: ChartVersionSchema.optional(),
});

export const RollbackChartUpgradeBody = z.strictObject({
  tenant: z.string().min(1).max(63),
  name: z.string().min(1).max(63),
});

