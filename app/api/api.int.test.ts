// The HTTP API end to end: a real dashboard (`next start`) against the sandbox, called the way a
// browser or a script calls it. Run through `npm test` (it sets CUBBY_TEST_BASE_URL).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { runningSandbox, sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { ApiCaller, until, type ApiAnswer } from './api-client.testing';

interface View {
  tenant: string;
  name: string;
  namespace: string;
  status: string;
  creationStep: string;
  configPending: boolean;
  optionsVersion: string;
  options: { ingressSync: boolean };
  syncedPods: number;
}

const host = new KubeClient(sandboxKubeConfig());
const kubectlBin = () => join(runningSandbox().binDir, 'kubectl');

function kubectl(kubeconfig: string, args: string[], input?: string): string {
  return execFileSync(kubectlBin(), ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function namespaceExists(name: string): Promise<boolean> {
  return (await host.find(ResourceTypes.Namespace, name)) !== undefined;
}

describe('HTTP API against the sandbox', () => {
  let alice: ApiCaller;
  let bob: ApiCaller;
  let admin: ApiCaller;
  const name = uniqueName('api').slice(0, 30);
  const path = `/api/vclusters/tenant-a/${name}`;
  const namespace = `vc-tenant-a--${name}`;
  const work = mkdtempSync(join(tmpdir(), 'cubby-api-'));

  beforeAll(async () => {
    [alice, bob, admin] = await Promise.all([ApiCaller.signIn('alice'), ApiCaller.signIn('bob'), ApiCaller.signIn('admin')]);
    const created = await alice.call<{ ref: { namespace: string } }>('POST', '/api/vclusters', { name, template: 'standard', options: { ingressSync: false } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.ref.namespace).toBe(namespace);
  });

  afterAll(async () => {
    if (await namespaceExists(namespace)) await admin.call('DELETE', path);
    host.close();
  });

  it('reaches Running with its kubeconfig, as the status says step by step', async () => {
    const view = await until('Running', async () => (await alice.call<View>('GET', path)).body, (v) => v.status === 'Running' && v.creationStep === 'ready', 90_000);
    expect(view).toMatchObject({ tenant: 'tenant-a', name, namespace, configPending: false });
    const list = await alice.call<{ items: View[] }>('GET', '/api/vclusters');
    expect(list.body.items.map((v) => v.name)).toContain(name);
  });

  it('denies anonymous callers on every endpoint without saying whether the vCluster exists', async () => {
    const anonymous = ApiCaller.anonymous();
    const endpoints: Array<[string, string]> = [
      ['GET', '/api/vclusters'], ['POST', '/api/vclusters'], ['GET', path], ['PATCH', path], ['DELETE', path],
      ['POST', `${path}/pause`], ['POST', `${path}/resume`], ['GET', `${path}/pods`], ['GET', `${path}/nodes`],
      ['GET', `${path}/events`], ['GET', `${path}/kubeconfig`], ['GET', '/api/tenants'], ['GET', '/api/templates'],
      ['GET', '/api/audit'], ['GET', '/api/discovered'], ['GET', '/api/tokens'], ['POST', '/api/tokens'], ['GET', '/api/stream'], ['GET', '/api/me'],
    ];
    for (const [method, url] of endpoints) {
      const answer = await anonymous.call<{ error: { code: string } }>(method, url, method === 'GET' ? undefined : {});
      expect(answer.status, `${method} ${url}`).toBe(401);
      expect(answer.body.error.code).toBe('unauthenticated');
    }
  });

  it("answers another tenant's member exactly as for a vCluster that does not exist", async () => {
    const missing = `/api/vclusters/tenant-a/${name}-nope`;
    const tries: Array<[string, string, unknown?]> = [
      ['GET', ''], ['PATCH', '', { options: { ingressSync: true }, expectedVersion: '1' }], ['DELETE', ''],
      ['POST', '/pause'], ['POST', '/resume'], ['GET', '/pods'], ['GET', '/nodes'], ['GET', '/events'], ['GET', '/kubeconfig'],
    ];
    for (const [method, suffix, body] of tries) {
      const theirs = await bob.call<{ error: unknown }>(method, `${path}${suffix}`, body);
      const nobodys = await bob.call<{ error: unknown }>(method, `${missing}${suffix}`, body);
      expect(theirs.status, `${method} ${suffix}`).toBe(404);
      expect(JSON.stringify(theirs.body).replaceAll(name, 'X')).toBe(JSON.stringify(nobodys.body).replaceAll(`${name}-nope`, 'X'));
    }
    const bobsList = await bob.call<{ items: View[] }>('GET', '/api/vclusters');
    expect(bobsList.body.items.map((v) => v.name)).not.toContain(name);
    const sneaky = await bob.call('POST', '/api/vclusters', { name: uniqueName('sneak').slice(0, 20), template: 'standard', tenant: 'tenant-a' });
    expect(sneaky.status).toBe(404);
    expect((await bob.call('GET', '/api/audit')).status).toBe(403);
    expect((await bob.call('GET', '/api/tenants/tenant-a')).status).toBe(404);
    // The vCluster is untouched.
    expect((await alice.call<View>('GET', path)).body.status).toBe('Running');
  });

  it('refuses bad input with a clear 4xx and leaves the host unchanged', async () => {
    const cases: Array<{ body: unknown; status: number; code?: string; namespace?: string }> = [
      { body: { name: 'Not-DNS', template: 'standard' }, status: 400, namespace: 'vc-tenant-a--Not-DNS' },
      { body: { name: `a${'b'.repeat(60)}`, template: 'standard' }, status: 400, namespace: `vc-tenant-a--a${'b'.repeat(60)}` },
      { body: { name: 'unknown-key', template: 'standard', options: { sync: { ingresses: { enabled: true } } } }, status: 400, namespace: 'vc-tenant-a--unknown-key' },
      { body: { name: 'not-allowed', template: 'standard', options: { ingressClassSync: true } }, status: 400, namespace: 'vc-tenant-a--not-allowed' },
      { body: { name: 'no-template', template: 'does-not-exist' }, status: 403, namespace: 'vc-tenant-a--no-template' },
      { body: { name: 'extra', template: 'standard', values: { controlPlane: {} } }, status: 400, namespace: 'vc-tenant-a--extra' },
    ];
    for (const c of cases) {
      const answer = await alice.call<{ error: { code: string; message: string } }>('POST', '/api/vclusters', c.body);
      expect(answer.status, JSON.stringify(c.body)).toBe(c.status);
      expect(answer.body.error.message.length).toBeGreaterThan(10);
      if (c.namespace) expect(await namespaceExists(c.namespace.toLowerCase())).toBe(false);
    }
    const notJson = await alice.raw('POST', '/api/vclusters', '{not json');
    expect(notJson.status).toBe(400);
  });

  it('refuses a creation over the quota and changes nothing', async () => {
    const tenant = uniqueName('q').slice(0, 16);
    const made = await admin.call('POST', '/api/tenants', {
      name: tenant,
      spec: { members: { users: ['bob'], groups: [] }, quota: { maxVClusters: 0 }, templates: ['standard'] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    try {
      const answer = await bob.call<{ error: { code: string } }>('POST', '/api/vclusters', { name: 'over', template: 'standard', tenant });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('quota_exceeded');
      expect(await namespaceExists(`vc-${tenant}--over`)).toBe(false);
    } finally {
      await admin.call('DELETE', `/api/tenants/${tenant}`);
    }
  });

  it('refuses a cookie-authenticated change that does not come from our own pages', async () => {
    const answer = await alice.call('POST', `${path}/pause`, undefined, { Origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect((await alice.call<View>('GET', path)).body.status).toBe('Running');
  });

  it('serves a kubeconfig that works with kubectl, and shows synced pods and the fake node live', async () => {
    const download = await alice.raw('GET', `${path}/kubeconfig?download=1`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const file = join(work, 'alice.yaml');
    writeFileSync(file, await download.text());
    expect(kubectl(file, ['get', 'namespaces', '-o', 'name'])).toContain('namespace/default');
    kubectl(file, ['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=1']);

    const pods = await until(
      'a synced Running pod',
      async () => (await alice.call<{ items: Array<{ virtualName: string; virtualNamespace: string; hostName: string; status: string; node?: string }> }>('GET', `${path}/pods`)).body.items,
      (rows) => rows.some((r) => r.virtualName.startsWith('web-') && r.status === 'Running'),
      60_000,
    );
    const pod = pods.find((r) => r.virtualName.startsWith('web-'))!;
    expect(pod.virtualNamespace).toBe('default');
    expect(pod.hostName).toBe(`${pod.virtualName}-x-default-x-${name}`);
    const nodes = await until(
      'the fake node',
      async () => (await alice.call<{ items: Array<{ name: string; fake: boolean }> }>('GET', `${path}/nodes`)).body.items,
      (rows) => rows.some((n) => n.name === pod.node && n.fake),
      30_000,
    );
    expect(nodes.every((n) => n.fake)).toBe(true);
    const token = await alice.call<{ kubeconfig: string; tokenExpiresAt?: string }>('GET', `${path}/kubeconfig?token=true&expirationSeconds=900`);
    expect(token.status).toBe(200);
    expect(token.body.tokenExpiresAt).toBeTruthy();
    writeFileSync(join(work, 'token.yaml'), token.body.kubeconfig);
    expect(kubectl(join(work, 'token.yaml'), ['get', 'deployments', '-o', 'name'])).toContain('deployment.apps/web');
  });

  it('turns ingress sync on; the change is pending until live, and an Ingress inside reaches the host', async () => {
    const before = (await alice.call<View>('GET', path)).body;
    const stale = before.optionsVersion;
    const [first, second] = await Promise.all([
      alice.call('PATCH', path, { options: { ingressSync: true }, expectedVersion: stale }),
      alice.call('PATCH', path, { options: { ingressSync: true, nodeSync: { enabled: true, selector: { all: true } } }, expectedVersion: stale }),
    ]);
    // Two changes made from the same version: one wins, the other is told, none is lost silently.
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? first : second;
    expect(winner.body).toMatchObject({ changed: true });
    const live = await until('ingress sync live', async () => (await alice.call<View>('GET', path)).body, (v) => v.options.ingressSync && !v.configPending && v.status === 'Running', 90_000);
    expect(live.optionsVersion).not.toBe(stale);

    const file = join(work, 'alice.yaml');
    await until('the vCluster API after the restart', async () => {
      try {
        kubectl(file, ['get', 'ns', 'default']);
        return true;
      } catch {
        return false;
      }
    }, (ok) => ok, 60_000);
    kubectl(file, ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' },
      spec: { rules: [{ host: 'web.tenant-a.apps.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    }));
    await until('the ingress on the host', async () => (await host.list(ResourceTypes.Ingress, { namespace })).items.length, (n) => n > 0, 60_000);
  });

  it('streams changes to the tenant and not to others', async () => {
    const open = async (caller: ApiCaller) => {
      const res = await caller.raw('GET', '/api/stream');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let text = '';
      const read = async (ms: number) => {
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
          const chunk = await Promise.race([reader.read(), new Promise<undefined>((r) => setTimeout(() => r(undefined), deadline - Date.now()))]);
          if (!chunk || chunk.done) break;
          text += new TextDecoder().decode(chunk.value);
          if (text.includes(`"name":"${name}"`)) break;
        }
        return text;
      };
      return { read, close: () => reader.cancel() };
    };
    const aliceStream = await open(alice);
    const bobStream = await open(bob);
    await alice.call('POST', `${path}/pause`);
    const heard = await aliceStream.read(15_000);
    expect(heard).toContain('event: change');
    expect(heard).toContain(`"name":"${name}"`);
    expect(await bobStream.read(2_000)).not.toContain(name);
    await Promise.all([aliceStream.close(), bobStream.close()]);
  });

  it('pauses and resumes as the vcluster CLI does', async () => {
    const paused = await until('Paused', async () => (await alice.call<View>('GET', path)).body, (v) => v.status === 'Paused', 60_000);
    expect(paused.syncedPods).toBe(0);
    const sts = await host.get<{ spec: { replicas: number }; metadata: { annotations: Record<string, string> } }>(ResourceTypes.StatefulSet, name, namespace);
    expect(sts.spec.replicas).toBe(0);
    expect(sts.metadata.annotations['loft.sh/paused']).toBe('true');
    expect(sts.metadata.annotations['loft.sh/paused-replicas']).toBe('1');
    const resumed = await alice.call('POST', `${path}/resume`);
    expect(resumed.status).toBe(200);
    await until('Running again', async () => (await alice.call<View>('GET', path)).body, (v) => v.status === 'Running', 90_000);
  });

  it('lets a user work with a personal API token until it is revoked', async () => {
    const created = await alice.call<{ id: string; token: string }>('POST', '/api/tokens', { name: 'ci script', expiresInDays: 1 });
    expect(created.status).toBe(201);
    const script = ApiCaller.withToken(created.body.token);
    expect((await script.call<View>('GET', path)).status).toBe(200);
    expect((await script.call('POST', '/api/tokens', { name: 'minted by a token' })).status).toBe(403);
    const listed = await alice.call<{ items: Array<{ id: string; name: string; token?: string }> }>('GET', '/api/tokens');
    expect(listed.body.items.find((t) => t.id === created.body.id)).toMatchObject({ name: 'ci script' });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await bob.call('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(404);
    expect((await alice.call('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await script.call('GET', path)).status).toBe(401);
  });

  it('describes itself in an OpenAPI document', async () => {
    const doc = await ApiCaller.anonymous().call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/vclusters', '/api/vclusters/{tenant}/{name}/kubeconfig', '/api/stream', '/api/audit']));
  });

  it('deletes the vCluster with nothing left, and the admin reads it all in the audit trail', async () => {
    const deleted = await alice.call('DELETE', path);
    expect(deleted.status).toBe(202);
    await until('namespace gone', () => namespaceExists(namespace), (exists) => !exists, 90_000);
    const leftovers = await host.list<{ metadata: { name: string } }>(ResourceTypes.ClusterRole, { labelSelector: `cubby.dev/vcluster=${name}` });
    expect(leftovers.items).toEqual([]);
    const audit: ApiAnswer<{ items: Array<{ action: string; actor: { user: string }; result: string }> }> = await admin.call('GET', `/api/audit?vcluster=${name}&limit=100`);
    expect(audit.status).toBe(200);
    const actions = audit.body.items.filter((r) => r.actor.user === 'alice' && r.result === 'success').map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['vcluster.create', 'kubeconfig.download', 'vcluster.update', 'vcluster.pause', 'vcluster.resume', 'vcluster.delete']));
    expect(audit.body.items.some((r) => r.actor.user === 'bob' && r.result !== 'success')).toBe(true);
  });
});
