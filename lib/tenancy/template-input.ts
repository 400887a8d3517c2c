// What an admin may send to create or change a vCluster template.
import { z } from 'zod';
import { AllowedOptionsSchema } from '@/lib/vcluster/sync-options';
import { assertSafeKeys, isPlainObject, type ChartValues } from '@/lib/vcluster/values-tree';
import { importLegacyValues, isLegacyValues } from '@/lib/vcluster/legacy-values';
import { TemplateNameSchema } from './tenant-input';
import { PodSecurityLevelSchema } from './pod-security';
import { TemplateIngressHostsSchema } from './ingress-hosts';
import { isChartVersion, MAX_CHART_VERSION_LENGTH } from '@/lib/vcluster/chart-version';
import { TemplateSleepPolicySchema } from '@/lib/vcluster/sleep/sleep-policy';

/** Its form only; whether a chart of that version exists is the route's check (chart-source.ts). */
export const ChartVersionSchema = z
  .string()
  .trim()
  .max(MAX_CHART_VERSION_LENGTH, `chartVersion must be at most ${MAX_CHART_VERSION_LENGTH} characters long`)
  .refine(isChartVersion, 'chartVersion must be a chart version like 0.36.1');

/**
 * Base values are the admin's chart values, checked by helm against the chart's schema at render
 * time. Here they only need to be a JSON object without prototype-polluting keys; their size is
 * bounded because they are stored in one custom resource (etcd objects max out near 1.5 MB).
 * A values file in the pre-0.20 layout (which the chart's schema rejects) has its sync keys
 * mapped to the current layout; keys that have no mapping are refused by name.
 */
export const MAX_BASE_VALUES_BYTES = 256 * 1024;

export const BaseValuesSchema = z.unknown().transform((value, ctx): ChartValues => {
  if (!isPlainObject(value)) {
    ctx.addIssue({ code: 'custom', message: 'baseValues must be an object of chart values' });
    return z.NEVER;
  }
  try {
    assertSafeKeys(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
  if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_BASE_VALUES_BYTES) {
    ctx.addIssue({ code: 'custom', message: `baseValues must be at most ${MAX_BASE_VALUES_BYTES / 1024} KiB of JSON` });
    return z.NEVER;
  }
  if (!isLegacyValues(value)) return value;
  const imported = importLegacyValues(value);
  if (imported.unmapped.length > 0) {
    for (const key of imported.unmapped) ctx.addIssue({ code: 'custom', message: `pre-0.20 key ${key.path} has no equivalent in the current chart layout: ${key.reason}` });
    return z.NEVER;
  }
  return imported.values;
});

export const TemplateSpecSchema = z.strictObject({
  displayName: z.string().trim().max(100, 'displayName must be at most 100 characters long').optional(),
  description: z.string().trim().max(2000, 'description must be at most 2000 characters long').optional(),
  baseValues: BaseValuesSchema.default({}),
  allowedOptions: AllowedOptionsSchema.default([]).transform((ids) => [...new Set(ids)]),
  podSecurityLevel: PodSecurityLevelSchema.optional(),
  ingressHosts: TemplateIngressHostsSchema.optional(),
  // An empty field means "the configured version", as the form sends it.
  chartVersion: z.preprocess((v) => (v === '' || v === null ? undefined : v), ChartVersionSchema.optional()),
  sleep: TemplateSleepPolicySchema.optional(),
});

export const TemplateCreateSchema = z.strictObject({
  name: TemplateNameSchema,
  spec: TemplateSpecSchema,
});

export const TemplateUpdateSchema = z.strictObject({
  spec: TemplateSpecSchema,
  resourceVersion: z.string({ error: 'resourceVersion is required: send the version you read, so a concurrent change is not overwritten' }).min(1, 'resourceVersion must not be empty'),
});

export type TemplateCreateInput = z.input<typeof TemplateCreateSchema>;
export type TemplateUpdateInput = z.input<typeof TemplateUpdateSchema>;
