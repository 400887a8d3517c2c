// Checks that one JSON schema accepts nothing another rejects, for the keywords the vcluster
// chart's schema uses. The test chart's schema must be such a subset of the real chart's, so that
// values which pass the stand-in never fail against the real chart.

export type JsonSchema = boolean | SchemaObject;
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  items?: JsonSchema;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  [keyword: string]: unknown;
}

// Keywords that narrow a value without a type of their own. If the real schema has one, the
// subset must have the very same, since comparing two patterns for inclusion is not decidable here.
const NARROWING = ['enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'];

/** Follows local `$ref`s (`#/$defs/...`); sibling keywords of a `$ref` are only descriptions in these schemas. */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  const seen = new Set<string>();
  while (typeof current === 'object' && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
    }
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    current = target as JsonSchema;
  }
  return current;
}

/** The JSON types a schema admits, or null for any type. */
function typesOf(schema: JsonSchema, root: JsonSchema): Set<string> | null {
  if (typeof schema === 'boolean') return schema ? null : new Set();
  if (schema.type !== undefined) return new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  const branches = schema.oneOf ?? schema.anyOf;
  if (!branches) return null;
  const union = new Set<string>();
  for (const branch of branches) {
    const types = typesOf(resolveRef(branch, root), root);
    if (types === null) return null;
    for (const t of types) union.add(t);
  }
  return union;
}

function admitsType(allowed: Set<string>, type: string): boolean {
  return allowed.has(type) || (type === 'integer' && allowed.has('number'));
}

function acceptsAnything(schema: JsonSchema): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  return Object.keys(schema).every((k) => k === 'description' || k === 'title' || k === 'pro');
}

interface Roots {
  subset: JsonSchema;
  superset: JsonSchema;
}

/**
 * Where `subset` accepts a value that `superset` rejects, as JSON-pointer-like paths with a reason.
 * Empty when `subset` is narrower or equal everywhere.
 */
export function findWidenings(subset: JsonSchema, superset: JsonSchema): string[] {
  const problems: string[] = [];
  compare(subset, superset, '', { subset, superset }, problems);
  return problems;
}

function compare(subsetIn: JsonSchema, supersetIn: JsonSchema, path: string, roots: Roots, problems: string[]): void {
  const sub = resolveRef(subsetIn, roots.subset);
  const sup = resolveRef(supersetIn, roots.superset);
  const at = path || '/';
  if (sup === true || acceptsAnything(sup)) return;
  if (sup === false) {
    if (sub !== false) problems.push(`${at}: accepted here, rejected by the reference`);
    return;
  }
  if (sub === false) return;
  if (sub === true) {
    problems.push(`${at}: accepts anything, the reference does not`);
    return;
  }

  const subTypes = typesOf(sub, roots.subset);
  const supTypes = typesOf(sup, roots.superset);
  if (supTypes !== null) {
    if (subTypes === null) {
      problems.push(`${at}: accepts any type, the reference only ${[...supTypes].join('|')}`);
      return;
    }
    const extra = [...subTypes].filter((t) => !admitsType(supTypes, t));
    if (extra.length > 0) problems.push(`${at}: type ${extra.join('|')} is rejected by the reference (${[...supTypes].join('|')})`);
  }

  for (const keyword of NARROWING) {
    if (sup[keyword] !== undefined && JSON.stringify(sub[keyword]) !== JSON.stringify(sup[keyword])) {
      problems.push(`${at}: the reference narrows it with ${keyword}, this schema does not the same way`);
    }
  }

  const subRequired = new Set(sub.required ?? []);
  for (const key of sup.required ?? []) {
    if (!subRequired.has(key)) problems.push(`${at}: the reference requires '${key}', this schema does not`);
  }

  const couldBeObject = subTypes === null || subTypes.has('object');
  if (couldBeObject) compareObjects(sub, sup, path, roots, problems);
  const couldBeArray = subTypes === null || subTypes.has('array');
  if (couldBeArray && sup.items !== undefined && !acceptsAnything(sup.items)) {
    if (sub.items === undefined) problems.push(`${at}: items unconstrained, the reference constrains them`);
    else compare(sub.items, sup.items, `${path}/[]`, roots, problems);
  }
}

/** Where the reference puts a key with no `properties` entry: a pattern, `additionalProperties`, or open. */
function referenceSchemaForKey(sup: SchemaObject, key: string): JsonSchema {
  const named = sup.properties?.[key];
  if (named !== undefined) return named;
  for (const [pattern, schema] of Object.entries(sup.patternProperties ?? {})) {
    if (new RegExp(pattern, 'u').test(key)) return schema;
  }
  return sup.additionalProperties ?? true;
}

function compareObjects(sub: SchemaObject, sup: SchemaObject, path: string, roots: Roots, problems: string[]): void {
  for (const [key, schema] of Object.entries(sub.properties ?? {})) {
    const reference = referenceSchemaForKey(sup, key);
    if (reference === false) problems.push(`${path}/${key}: rejected by the reference (additionalProperties: false)`);
    else compare(schema, reference, `${path}/${key}`, roots, problems);
  }
  // Keys this schema does not name: it must not let through what the reference would refuse.
  const subExtra = sub.additionalProperties ?? true;
  if (subExtra === false) return;
  const supExtra = sup.additionalProperties ?? true;
  const supNamesKeys = Object.keys(sup.properties ?? {}).length > 0 || Object.keys(sup.patternProperties ?? {}).length > 0;
  if (supExtra === false) {
    problems.push(`${path || '/'}: accepts unnamed keys, the reference has additionalProperties: false`);
  } else if (supNamesKeys) {
    // An unnamed key here could be one the reference names with a narrower schema.
    problems.push(`${path || '/'}: accepts unnamed keys the reference constrains by name`);
  } else {
    compare(subExtra, supExtra, `${path}/*`, roots, problems);
  }
}

/** Paths of object schemas (with named properties) that still allow unnamed keys. */
export function findOpenObjects(schema: JsonSchema): string[] {
  const open: string[] = [];
  const visit = (node: JsonSchema, path: string): void => {
    if (typeof node !== 'object') return;
    if (node.properties && node.additionalProperties !== false) open.push(path || '/');
    for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, `${path}/${key}`);
    const defs = node.$defs;
    if (defs && typeof defs === 'object') {
      for (const [name, child] of Object.entries(defs as Record<string, JsonSchema>)) visit(child, `#/$defs/${name}`);
    }
    if (node.items !== undefined) visit(node.items, `${path}/[]`);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties, `${path}/*`);
    for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) visit(branch, path);
  };
  visit(schema, '');
  return open;
}
