// Test helper: checks that a values path exists in the real chart's values.schema.json, read
// from the shared copy outside the repository (never copied in). Only follows `properties`,
// `$ref` and `additionalProperties` objects, which is all the paths Cubby writes need.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCHEMA_FILE = resolve(__dirname, '../../../shared/vcluster-0.36.1/values.schema.json');
export const schemaAvailable = existsSync(SCHEMA_FILE);

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  $defs?: Record<string, Schema>;
  type?: string | string[];
};

let cached: Schema | undefined;
function root(): Schema {
  cached ??= JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Schema;
  return cached;
}

function deref(node: Schema): Schema {
  let current = node;
  while (current.$ref) {
    const name = current.$ref.replace('#/$defs/', '');
    const next = root().$defs?.[name];
    if (!next) throw new Error(`unresolved ${current.$ref}`);
    current = next;
  }
  return current;
}

/** The schema node at a path, or undefined when the schema does not allow that key. */
export function schemaAt(path: readonly string[]): Schema | undefined {
  let node: Schema = root();
  for (const key of path) {
    node = deref(node);
    const child = node.properties?.[key] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (!child) return undefined;
    node = child;
  }
  return deref(node);
}

export function topLevelKeys(): string[] {
  return Object.keys(root().properties ?? {});
}
