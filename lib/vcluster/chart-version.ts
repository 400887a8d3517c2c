// What a chart version may look like, shared by the template input, the CRD schema and the chart
// source (no server-only imports: the admin form checks it too).

/** Semantic versions, as helm wants them; a `v` prefix allowed. */
export const CHART_VERSION_PATTERN = '^v?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';
export const MAX_CHART_VERSION_LENGTH = 64;
const chartVersionRegex = new RegExp(CHART_VERSION_PATTERN);

export function isChartVersion(value: string): boolean {
  return value.length <= MAX_CHART_VERSION_LENGTH && chartVersionRegex.test(value);
}

/**
 * The chart version in a chart label or helm's chart column (`vcluster-0.36.1`; the chart's
 * label writes `+` as `_`).
 */
export function chartVersionOfLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const match = /^(.+?)-(v?[0-9]+\.[0-9]+\.[0-9]+.*)$/.exec(label);
  return match ? match[2]!.replaceAll('_', '+') : undefined;
}
