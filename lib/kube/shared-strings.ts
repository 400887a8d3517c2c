// One copy of each string that many cached objects repeat: a namespace, a node, a phase, a
// container's name. JSON.parse gives every occurrence its own string; at 50,000 synced pods those
// copies were a good part of the cache's heap. Only fields of few distinct values go through
// here (a pod's name or uid would only fill the table); the table is emptied when it grows past
// its bound, which costs sharing for a while, never correctness.
const MAX_ENTRIES = 50_000;

let table = new Map<string, string>();

/** The shared copy of `value` (undefined stays undefined). */
export function shared<T extends string | undefined>(value: T): T {
  if (value === undefined) return value;
  const known = table.get(value);
  if (known !== undefined) return known as T;
  if (table.size >= MAX_ENTRIES) table = new Map();
  table.set(value, value);
  return value;
}

/** How many distinct strings are held (tests). */
export function sharedStringCount(): number {
  return table.size;
}
