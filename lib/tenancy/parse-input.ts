// Runs a zod schema over request input and turns the first problem into a 400 TenancyError whose
// message names the field, so the API answers "quota.cpu: '2 cores' is not a Kubernetes
// quantity" rather than zod's generic wording.
import type { z } from 'zod';
import { invalid } from './errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.');
    return fail(`${what}: unknown field '${field}'.`, field);
  }
  const field = path.join('.');
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input') && path.length > 0 && valueAt(input, path) === undefined) {
    return fail(`${what}: ${field} is required.`, field);
  }
  const message = issue.message.replace(/\.$/, '');
  return fail(field ? `${what}: ${field}: ${message}.` : `${what}: ${message}.`, field || undefined);
}

function fail(message: string, field: string | undefined): never {
  throw invalid(message, field);
}

function valueAt(input: unknown, path: string[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
