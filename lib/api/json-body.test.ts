import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { MAX_JSON_BODY_BYTES, isJsonContentType, jsonBody, nestingDepth } from './json-body';

const post = (body: BodyInit | null, contentType: string | null = 'application/json', headers: Record<string, string> = {}) =>
  new Request('http://cubby.test/api/x', {
    method: 'POST',
    body,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
    // Node needs this for a streamed body.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const { status, code, message } = error as ApiError;
  return { status, code, message };
}

describe('jsonBody', () => {
  it('parses JSON sent as application/json, with a charset or as a +json type', async () => {
    expect(await jsonBody(post('{"name":"dev"}'))).toEqual({ name: 'dev' });
    expect(await jsonBody(post('[1,2]', 'application/json; charset=utf-8'))).toEqual([1, 2]);
    expect(await jsonBody(post('{}', 'application/merge-patch+json'))).toEqual({});
  });

  it('refuses other content types with 415 before reading, text/plain and forms included', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', null]) {
      expect(await refusal(jsonBody(post('{"name":"dev"}', type))), String(type)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
    expect(isJsonContentType('APPLICATION/JSON')).toBe(true);
  });

  it('refuses a declared oversize body with 413 without reading it', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const answer = await refusal(jsonBody(post(stream, 'application/json', { 'content-length': String(10 * 1024 * 1024) })));
    expect(answer).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading an endless body once it passes the cap, with 413', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    expect(await refusal(jsonBody(post(stream)))).toMatchObject({ status: 413 });
    expect(sent).toBeLessThan(MAX_JSON_BODY_BYTES + 256 * 1024);
  });

  it('takes a body of exactly the cap', async () => {
    const text = `"${'a'.repeat(MAX_JSON_BODY_BYTES - 2)}"`;
    expect(((await jsonBody(post(text))) as string).length).toBe(MAX_JSON_BODY_BYTES - 2);
  });

  it('refuses JSON nested 100,000 deep with 400 (JSON.stringify would throw on it later)', async () => {
    for (const deep of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const answer = await refusal(jsonBody(post(deep)));
      expect(answer).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(answer.message).toContain('nested');
    }
    expect(await jsonBody(post(JSON.stringify({ options: { a: { b: { c: { d: [1, [2, [3]]] } } } } })))).toBeTruthy();
  });

  it('refuses malformed JSON, an empty body and invalid UTF-8 with 400', async () => {
    expect(await refusal(jsonBody(post('{not json')))).toMatchObject({ status: 400 });
    expect(await refusal(jsonBody(post('')))).toMatchObject({ status: 400 });
    expect(await refusal(jsonBody(post(new Uint8Array([0x22, 0xff, 0xfe, 0x22]))))).toMatchObject({ status: 400, message: expect.stringContaining('UTF-8') });
  });
});

describe('nestingDepth', () => {
  it('counts arrays and objects, not scalars, without recursion', () => {
    expect(nestingDepth(1)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: null }] })).toBe(3);
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(nestingDepth(deep)).toBe(200_000);
    expect(nestingDepth(deep, 64)).toBe(65);
  });
});
