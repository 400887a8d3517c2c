// User names can hold characters labels cannot ('@', ':', '/'), and labels are at most 63
// characters, so objects are labelled with a hash of the name instead. The hash only narrows a
// server-side label selector; the full name stored on the object is always compared as well.
import { createHash } from 'node:crypto';

export const LABEL_HASH_LENGTH = 40;

export function labelHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, LABEL_HASH_LENGTH);
}
