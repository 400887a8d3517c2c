// Reading a request body as JSON without trusting it: a content type that says JSON (415
// otherwise, so a form or `text/plain` post, which browsers send cross-site without a
// preflight, is never taken for JSON), a byte cap while reading (413, and the rest of the body is
// not read), and a nesting cap after parsing (400). V8's JSON.parse copes with any depth, but
// what comes after does not: JSON.stringify, structuredClone and recursive merges throw a
// RangeError (a 500) on a value nested a few thousand deep.
import { ApiError } from './api-error';

/** Bodies Cubby takes are names, options and template values: 1 MiB is plenty. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** Chart values are nested maybe ten deep; 64 leaves room and keeps every recursion safe. */
export const MAX_JSON_DEPTH = 64;

export interface JsonBodyLimits {
  maxBytes?: number;
  maxDepth?: number;
}

const tooLarge = (maxBytes: number) => new ApiError(413, 'payload_too_large', `the request body must be at most ${maxBytes} bytes`);

/** application/json or a +json type, with any parameters (charset). */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Reads at most maxBytes; throws 413 as soon as the body is larger. */
export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new ApiError(400, 'invalid_request', 'the request body could not be read');
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_request', 'the request body must be UTF-8');
  }
}

/** The deepest nesting of arrays and objects in a parsed value, walked without recursion. */
export function nestingDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAbove) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return deepest;
}

/** Parses a JSON request body under the limits above. Every refusal is a 4xx ApiError. */
export async function jsonBody(request: Request, limits: JsonBodyLimits = {}): Promise<unknown> {
  const maxBytes = limits.maxBytes ?? MAX_JSON_BODY_BYTES;
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', 'send the request body as JSON with Content-Type: application/json');
  }
  const text = await readCappedText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_request', 'the request body must be JSON');
  }
  if (nestingDepth(value, maxDepth) > maxDepth) {
    throw new ApiError(400, 'invalid_request', `the request body is nested more than ${maxDepth} levels deep`);
  }
  return value;
}
