// Checks that a values tree is a part of another with equal defaults: the test chart's values.yaml
// may leave keys out, but each key it has must exist in the real chart's with the same value, so a
// render without overrides means the same thing to both charts.
import { isDeepStrictEqual } from 'node:util';

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Paths where `subset` has a key `reference` lacks or a default that differs, with both values. */
export function findValueDifferences(subset: unknown, reference: unknown, path = ''): string[] {
  // A non-empty map is compared key by key; anything else (scalars, lists, {}) must be equal as a whole.
  if (isTree(subset) && Object.keys(subset).length > 0) {
    if (!isTree(reference)) return [`${path || '/'}: a map here, ${JSON.stringify(reference)} in the reference`];
    return Object.entries(subset).flatMap(([key, value]) => {
      const child = `${path}/${key}`;
      if (!(key in reference)) return [`${child}: missing in the reference`];
      return findValueDifferences(value, reference[key], child);
    });
  }
  if (isDeepStrictEqual(subset, reference)) return [];
  return [`${path || '/'}: ${JSON.stringify(subset)} here, ${JSON.stringify(reference)} in the reference`];
}
