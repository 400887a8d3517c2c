// A virtual control plane keeps its data under its own prefix in the host's etcd, so it
// survives pause and resume; deleting the vCluster deletes the prefix. etcd's v3 JSON gateway
// takes base64 keys and a range end one past the last key with the prefix.

/** `/cubby-vcluster/NS/NAME`, the value of the virtual API server's --etcd-prefix. */
export function etcdPrefix(namespace: string, name: string): string {
  return `/cubby-vcluster/${namespace}/${name}`;
}

function rangeOf(prefix: string): { key: string; range_end: string } {
  // The trailing slash keeps vCluster "a" from matching "ab".
  const start = Buffer.from(`${prefix}/`);
  const end = Buffer.from(start);
  end[end.length - 1] = end[end.length - 1]! + 1;
  return { key: start.toString('base64'), range_end: end.toString('base64') };
}

async function post(etcdUrl: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Deletes every key under the prefix; returns how many went. */
export async function deleteEtcdPrefix(etcdUrl: string, prefix: string): Promise<number> {
  const result = await post(etcdUrl, '/v3/kv/deleterange', rangeOf(prefix));
  return Number(result.deleted ?? 0);
}

/** How many keys are under the prefix. */
export async function countEtcdPrefix(etcdUrl: string, prefix: string): Promise<number> {
  const result = await post(etcdUrl, '/v3/kv/range', { ...rangeOf(prefix), count_only: true });
  return Number(result.count ?? 0);
}
