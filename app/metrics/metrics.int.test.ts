// /metrics and request ids through a real dashboard on the sandbox (npm test sets
// CUBBY_TEST_BASE_URL): what a Prometheus scrape sees after the pages' own calls.
import { describe, expect, it } from 'vitest';
import { ApiCaller, baseUrl } from '@/app/api/api-client.testing';

async function scrape(): Promise<string> {
  const res = await fetch(`${baseUrl()}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('metrics and request ids', () => {
  it('answers every API request with a request id, and keeps a well-formed one the caller sent', async () => {
    const alice = await ApiCaller.signIn('alice');
    const fresh = await alice.call('GET', '/api/me');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await alice.call('GET', '/api/me', undefined, { 'X-Request-Id': 'trace-0123456789' });
    expect(given.headers.get('x-request-id')).toBe('trace-0123456789');
    const refused = await alice.call('GET', '/api/me', undefined, { 'X-Request-Id': 'bad id with spaces' });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests by route template and status, never by tenant or vCluster name', async () => {
    const alice = await ApiCaller.signIn('alice');
    const missing = await alice.call('GET', '/api/vclusters/tenant-a/no-such-vcluster-metrics');
    expect(missing.status).toBe(404);
    const text = await scrape();
    expect(text).toMatch(/cubby_http_request_duration_seconds_count\{route="\/api\/vclusters\/\[tenant\]\/\[name\]",method="GET",status="404"\} [1-9]/);
    expect(text).not.toContain('no-such-vcluster-metrics');
    expect(text).toMatch(/cubby_informer_relists_total\{resource="namespaces"\} [1-9]/);
    expect(text).toMatch(/cubby_informer_last_event_timestamp_seconds\{resource="namespaces"\} \d/);
    expect(text).toContain('cubby_sse_clients');
    expect(text).toContain('cubby_process_resident_memory_bytes');
  });

  it('counts open change streams', async () => {
    const alice = await ApiCaller.signIn('alice');
    const before = Number(/^cubby_sse_clients (\d+)/m.exec(await scrape())?.[1] ?? NaN);
    const stream = await alice.raw('GET', '/api/stream', undefined, 'application/json', {});
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read();
    const during = Number(/^cubby_sse_clients (\d+)/m.exec(await scrape())?.[1] ?? NaN);
    expect(during).toBe(before + 1);
    await reader.cancel();
  });
});
