// Kubernetes label key and value syntax (apimachinery's IsQualifiedName / IsValidLabelValue).
// Tenants type node-selector labels and legacy files carry `nodeSelector` strings; both end up
// as real label selectors on the host, so they are checked here instead of failing later inside
// the syncer where the tenant cannot see the error.

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const MAX_LABEL_NAME_LENGTH = 63;
export const MAX_LABEL_PREFIX_LENGTH = 253;
export const MAX_LABEL_VALUE_LENGTH = 63;

/** Returns human-readable problems with a label key; empty when the key is valid. */
export function labelKeyProblems(key: string): string[] {
  if (key.length === 0) return ['label key must not be empty'];
  const parts = key.split('/');
  if (parts.length > 2) return [`label key '${key}' may contain at most one '/'`];
  const problems: string[] = [];
  const [prefix, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  if (prefix !== undefined) {
    if (prefix.length === 0) problems.push(`label key '${key}' has an empty prefix before '/'`);
    else if (prefix.length > MAX_LABEL_PREFIX_LENGTH)
      problems.push(`label key prefix must be at most ${MAX_LABEL_PREFIX_LENGTH} characters`);
    else if (!DNS1123_SUBDOMAIN.test(prefix))
      problems.push(`label key prefix '${prefix}' must be a lowercase DNS subdomain (e.g. example.com)`);
  }
  if (name.length === 0) problems.push(`label key '${key}' has an empty name`);
  else if (name.length > MAX_LABEL_NAME_LENGTH)
    problems.push(`label key name '${name}' must be at most ${MAX_LABEL_NAME_LENGTH} characters`);
  else if (!NAME_PART.test(name))
    problems.push(
      `label key name '${name}' must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit`,
    );
  return problems;
}

/** Returns human-readable problems with a label value; empty when valid (empty is valid). */
export function labelValueProblems(value: string): string[] {
  if (value.length === 0) return [];
  if (value.length > MAX_LABEL_VALUE_LENGTH)
    return [`label value '${value}' must be at most ${MAX_LABEL_VALUE_LENGTH} characters`];
  if (!NAME_PART.test(value))
    return [
      `label value '${value}' must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit`,
    ];
  return [];
}

export function isLabelKey(key: string): boolean {
  return labelKeyProblems(key).length === 0;
}

export function isLabelValue(value: string): boolean {
  return labelValueProblems(value).length === 0;
}
