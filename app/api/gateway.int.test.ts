// Cubby's gateway end to end (issue 10): a real dashboard against the sandbox, a vCluster of
// tenant-a, and the sandbox's kubectl with the kubeconfig the dashboard hands out, exactly as a
// tenant uses it from a laptop. Run through `npm test` (it sets CUBBY_TEST_BASE_URL).
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { fallAsleep } from '@/lib/vcluster/sleep/sleep-actions';
import { appendContainerLog } from '@/sandbox/host/kwok-kubelet';
import { echoThroughPortForward, outputMatching, runningSandbox, sandboxCubbyKubeConfig, sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { sandboxDir } from '@/sandbox/host/state';
import { accountsFile } from '@/sandbox/seed';
import { frontDoor, openFrontDoor } from '@/sandbox/tls-front-door';
import { ActivityRecorder } from '@/lib/gateway/activity-recorder';
import { createGateway } from '@/lib/gateway/gateway';
import { createHostCache } from '@/lib/vcluster/host-cache';
import { ApiCaller, baseUrl, until } from './api-client.testing';

const run = promisify(execFile);
const host = new KubeClient(sandboxKubeConfig());
const kubectlBin = () => join(runningSandbox().binDir, 'kubectl');

async function kubectl(kubeconfig: string, args: string[], input?: string): Promise<{ ok: boolean; out: string }> {
  const child = run(kubectlBin(), ['--kubeconfig', kubeconfig, '--request-timeout=30s', ...args], { encoding: 'utf8' });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout } = await child;
    return { ok: true, out: stdout };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function rawStatus(path: string, token: string): Promise<number> {
  const url = new URL(baseUrl());
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function startKubectl(kubeconfig: string, args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(kubectlBin(), ['--kubeconfig', kubeconfig, ...args], { env: { ...process.env, ...env } });
}

// kubectl v1.36 speaks WebSocket for exec, attach and port-forward; these switch it back to SPDY.
const SPDY = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false', KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };

interface Download {
  kubeconfig: string;
  server: string;
  strategy: string;
  tokenExpiresAt: string;
  tokenId: string;
}

describe('the gateway: kubectl reaches the vCluster through Cubby', () => {
  let alice: ApiCaller;
  let bob: ApiCaller;
  let admin: ApiCaller;
  const name = uniqueName('gw').slice(0, 30);
  const path = `/api/vclusters/tenant-a/${name}`;
  const namespace = `vc-tenant-a--${name}`;
  const work = mkdtempSync(join(tmpdir(), 'cubby-gateway-'));
  const aliceFile = join(work, 'alice.yaml');
  let download: Download;

  beforeAll(async () => {
    [alice, bob, admin] = await Promise.all([ApiCaller.signIn('alice'), ApiCaller.signIn('bob'), ApiCaller.signIn('admin')]);
    const created = await alice.call('POST', '/api/vclusters', { name, template: 'standard' });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await until('Running', async () => (await alice.call<{ status: string; creationStep: string }>('GET', path)).body, (v) => v.status === 'Running' && v.creationStep === 'ready', 120_000);
  });

  afterAll(async () => {
    if (await host.find(ResourceTypes.Namespace, namespace)) await admin.call('DELETE', path);
    host.close();
  });

  it('hands out a kubeconfig for the gateway with a short-lived credential for this vCluster alone', async () => {
    const answer = await alice.call<Download>('GET', `${path}/kubeconfig`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    download = answer.body;
    expect(download.strategy).toBe('gateway');
    // The sandbox's dashboard names its TLS front door (kubectl sends tokens over TLS only).
    expect(download.server).toMatch(new RegExp(`^https://localhost:\\d+/kube/tenant-a/${name}$`));
    const hours = (new Date(download.tokenExpiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const config = parseYaml(download.kubeconfig) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: Record<string, string> }> };
    expect(config.clusters[0]!.cluster.server).toBe(download.server);
    expect(Object.keys(config.clusters[0]!.cluster).sort()).toEqual(['certificate-authority-data', 'server']);
    expect(Object.keys(config.users[0]!.user)).toEqual(['token']);
    expect(config.users[0]!.user.token).toMatch(/^cubby_/);
    writeFileSync(aliceFile, download.kubeconfig);

    const tokens = await alice.call<{ items: Array<{ id: string; scope?: { tenant: string; vcluster: string } }> }>('GET', '/api/tokens');
    expect(tokens.body.items.find((t) => t.id === download.tokenId)?.scope).toEqual({ tenant: 'tenant-a', vcluster: name });
  });

  it('serves get and apply, as the user: kubectl auth whoami names alice and her groups', async () => {
    const namespaces = await kubectl(aliceFile, ['get', 'namespaces', '-o', 'name']);
    expect(namespaces.out).toContain('namespace/default');
    const whoami = await kubectl(aliceFile, ['auth', 'whoami', '-o', 'json']);
    expect(whoami.ok, whoami.out).toBe(true);
    const user = (JSON.parse(whoami.out) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    expect(user.username).toBe('alice');
    expect(user.groups).toEqual(expect.arrayContaining(['cubby:tenant:tenant-a', 'system:authenticated']));
    expect(user.groups).not.toContain('system:masters');

    const applied = await kubectl(aliceFile, ['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: through-gateway\n  namespace: default\ndata:\n  a: "1"\n');
    expect(applied.ok, applied.out).toBe(true);
    expect((await kubectl(aliceFile, ['get', 'configmap', 'through-gateway', '-o', 'jsonpath={.data.a}'])).out).toBe('1');
  });

  it('cannot be talked into acting as someone else: impersonation headers from the client are dropped', async () => {
    const whoami = await kubectl(aliceFile, ['auth', 'whoami', '-o', 'json', '--as', 'system:admin', '--as-group', 'system:masters']);
    // kubectl sends Impersonate-User/Group; the gateway strips them and the vCluster sees alice.
    expect(whoami.ok, whoami.out).toBe(true);
    expect((JSON.parse(whoami.out) as { status: { userInfo: { username: string } } }).status.userInfo.username).toBe('alice');
  });

  it('streams a watch event by event', async () => {
    const watch = spawn(kubectlBin(), ['--kubeconfig', aliceFile, 'get', 'configmaps', '-n', 'default', '-w', '--request-timeout=20s', '-o', 'name']);
    let seen = '';
    watch.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      await until('the watch to list', async () => seen, (s) => s.includes('through-gateway'), 15_000);
      expect((await kubectl(aliceFile, ['create', 'configmap', 'made-while-watching', '-n', 'default'])).ok).toBe(true);
      await until('the watch event', async () => seen, (s) => s.includes('made-while-watching'), 10_000);
    } finally {
      watch.kill();
    }
  });

  it('passes logs, logs -f, exec (WebSocket and SPDY), attach and port-forward through', async () => {
    expect((await kubectl(aliceFile, ['run', 'web', '--image=nginx', '--restart=Never'])).ok).toBe(true);
    await until('web Running', async () => (await kubectl(aliceFile, ['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])).out, (phase) => phase === 'Running', 60_000);
    expect((await kubectl(aliceFile, ['logs', 'web'])).out).toContain('cubby sandbox: this container runs nowhere');

    const children: ChildProcessWithoutNullStreams[] = [];
    try {
      const follow = startKubectl(aliceFile, ['logs', '-f', '--tail=1', 'web']);
      children.push(follow);
      await outputMatching(follow, /\S/);
      const marker = `follow-${Date.now()}`;
      appendContainerLog(runningSandbox().containerLog!, marker);
      await outputMatching(follow, new RegExp(marker));

      for (const env of [{} as Record<string, string>, SPDY]) {
        const exec = startKubectl(aliceFile, ['exec', 'web', '--', 'echo', 'through-the-gateway'], env);
        children.push(exec);
        expect(await outputMatching(exec, /through-the-gateway/)).toContain('through-the-gateway');
      }

      const attach = startKubectl(aliceFile, ['attach', 'web']);
      children.push(attach);
      await outputMatching(attach, /If you don't see a command prompt|press enter/i);
      const attached = `attach-${Date.now()}`;
      const writer = setInterval(() => appendContainerLog(runningSandbox().containerLog!, attached), 300);
      try {
        await outputMatching(attach, new RegExp(attached));
      } finally {
        clearInterval(writer);
      }

      for (const env of [{} as Record<string, string>, SPDY]) {
        const forward = startKubectl(aliceFile, ['port-forward', 'pod/web', ':80'], env);
        children.push(forward);
        expect(await echoThroughPortForward(forward, 'ping\n')).toBe('ping\n');
      }
    } finally {
      for (const child of children) child.kill();
    }
  });

  it("leaves what members may do inside to the vCluster's RBAC: a narrower binding holds", async () => {
    // Alice is cluster-admin inside through the group binding Cubby made once; she replaces it with view.
    expect((await kubectl(aliceFile, ['get', 'clusterrolebinding', 'cubby-tenant-members', '-o', 'jsonpath={.roleRef.name}'])).out).toBe('cluster-admin');
    const demote = await kubectl(aliceFile, ['apply', '-f', '-'], [
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRoleBinding', 'metadata: {name: cubby-tenant-members-view}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}',
      'subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "cubby:tenant:tenant-a"}]', '',
    ].join('\n'));
    expect(demote.ok, demote.out).toBe(true);
    expect((await kubectl(aliceFile, ['delete', 'clusterrolebinding', 'cubby-tenant-members'])).ok).toBe(true);
    const refused = await kubectl(aliceFile, ['create', 'configmap', 'not-allowed-any-more', '-n', 'default']);
    expect(refused.ok).toBe(false);
    expect(refused.out).toContain('forbidden');
    expect((await kubectl(aliceFile, ['get', 'configmaps', '-n', 'default', '-o', 'name'])).out).toContain('through-gateway');
    // Cubby does not put the binding back; the admin's direct kubeconfig restores it for the tests after this one.
    expect((await kubectl(aliceFile, ['get', 'clusterrolebinding', 'cubby-tenant-members'])).ok).toBe(false);
    const direct = await admin.call<string>('GET', `${path}/kubeconfig?access=direct&download=1`);
    const adminFile = join(work, 'admin-direct.yaml');
    writeFileSync(adminFile, direct.body);
    const restored = await kubectl(adminFile, ['create', 'clusterrolebinding', 'cubby-tenant-members', '--clusterrole=cluster-admin', '--group=cubby:tenant:tenant-a']);
    expect(restored.ok, restored.out).toBe(true);
  });

  it("works the same for a Cubby outside the cluster, through the host's pods/portforward", async () => {
    // A second gateway in this process, as Cubby's ServiceAccount, reaching the vCluster the
    // out-of-cluster way (the default there), behind a TLS front door of its own.
    process.env.CUBBY_LOCAL_ACCOUNTS_FILE ??= accountsFile(sandboxDir());
    const cubby = new KubeClient(sandboxCubbyKubeConfig());
    const cache = createHostCache(cubby);
    const recorder = new ActivityRecorder(() => cubby);
    const gateway = createGateway({ host: () => cubby, cache: () => cache, recorder, access: { strategy: 'pod-port-forward' } });
    const server = createServer((req, res) => void gateway.handleRequest(req, res));
    server.on('upgrade', (req, socket, head) => void gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const door = frontDoor(sandboxDir(), 0);
    const tls = await openFrontDoor(door, 0, (server.address() as AddressInfo).port);
    try {
      const config = parseYaml(download.kubeconfig) as { clusters: Array<{ cluster: Record<string, string> }> };
      config.clusters[0]!.cluster.server = `https://localhost:${(tls.address() as AddressInfo).port}/kube/tenant-a/${name}`;
      const file = join(work, 'alice-port-forward.yaml');
      writeFileSync(file, stringifyYaml(config));
      const whoami = await kubectl(file, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
      expect(whoami.out, whoami.out).toBe('alice');
      expect((await kubectl(file, ['get', 'configmap', 'through-gateway', '-n', 'default', '-o', 'name'])).out).toContain('configmap/through-gateway');
      const exec = startKubectl(file, ['exec', 'web', '--', 'echo', 'over-pods-portforward']);
      try {
        await outputMatching(exec, /over-pods-portforward/);
      } finally {
        exec.kill();
      }
    } finally {
      tls.close();
      server.close();
      recorder.dispose();
      await cache.dispose();
      cubby.close();
    }
  });

  it('records the use on the vCluster for sleep mode and the UI', async () => {
    const ns = await host.get<{ metadata: { annotations?: Record<string, string> } }>(ResourceTypes.Namespace, namespace);
    expect(ns.metadata.annotations?.['cubby.dev/last-activity-by']).toBe('alice');
    expect(Date.now() - new Date(ns.metadata.annotations?.['cubby.dev/last-activity-at'] ?? 0).getTime()).toBeLessThan(120_000);
  });

  it("answers another tenant's vCluster exactly like a missing one", async () => {
    const created = await bob.call<{ token: string }>('POST', '/api/tokens', { name: 'bob gateway probe', expiresInDays: 1 });
    expect(created.status).toBe(201);
    const probe = async (target: string) => {
      const res = await fetch(`${baseUrl()}/kube/${target}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${created.body.token}` } });
      return { status: res.status, body: (await res.json()) as { message: string; reason: string } };
    };
    const theirs = await probe(`tenant-a/${name}`);
    const missing = await probe('tenant-a/no-such-vcluster');
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.reason).toBe(missing.body.reason);
    expect(theirs.body.message.replace(name, 'X')).toBe(missing.body.message.replace('no-such-vcluster', 'X'));
  });

  it("opens no other vCluster with alice's credential, and nothing of Cubby's own API", async () => {
    const token = (parseYaml(download.kubeconfig) as { users: Array<{ user: { token: string } }> }).users[0]!.user.token;
    const other = await fetch(`${baseUrl()}/kube/tenant-a/some-other/api`, { headers: { Authorization: `Bearer ${token}` } });
    expect(other.status).toBe(404);
    const api = await ApiCaller.withToken(token).call('GET', '/api/vclusters');
    expect(api.status).toBe(401);
  });

  it('refuses requests without a credential, and paths that climb out of the vCluster', async () => {
    const anonymous = await fetch(`${baseUrl()}/kube/tenant-a/${name}/api`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { kind: string }).kind).toBe('Status');
    const token = (parseYaml(download.kubeconfig) as { users: Array<{ user: { token: string } }> }).users[0]!.user.token;
    // fetch would resolve the dot segments itself; a raw request sends them as written.
    for (const climb of ['/api/%2e%2e/%2e%2e/x', '/api/../../x']) {
      expect(await rawStatus(`/kube/tenant-a/${name}${climb}`, token)).toBe(400);
    }
  });

  it('wakes a vCluster sleep mode put to sleep, holding the request until it answers', async () => {
    await fallAsleep({ client: host }, { tenant: 'tenant-a', name, namespace }, 'idle');
    await until('asleep', async () => (await alice.call<{ status: string }>('GET', path)).body.status, (s) => s === 'Paused', 60_000);
    const started = Date.now();
    const answer = await kubectl(aliceFile, ['get', 'namespaces', '-o', 'name', '--request-timeout=90s']);
    expect(answer.ok, answer.out).toBe(true);
    expect(answer.out).toContain('namespace/default');
    const ns = await host.get<{ metadata: { annotations?: Record<string, string> } }>(ResourceTypes.Namespace, namespace);
    expect(JSON.parse(ns.metadata.annotations?.['cubby.dev/last-wake'] ?? '{}')).toMatchObject({ reason: 'use', by: 'alice' });
    console.log(`woke on use through the gateway in ${Date.now() - started} ms`);
  });

  it('says plainly when the vCluster is paused', async () => {
    expect((await alice.call('POST', `${path}/pause`)).status).toBe(200);
    try {
      await until('paused', async () => (await alice.call<{ status: string }>('GET', path)).body.status, (s) => s === 'Paused', 60_000);
      const answer = await kubectl(aliceFile, ['get', 'namespaces']);
      expect(answer.ok).toBe(false);
      expect(answer.out).toContain('is paused');
    } finally {
      expect((await alice.call('POST', `${path}/resume`)).status).toBe(200);
    }
    await until('running again', async () => (await kubectl(aliceFile, ['get', 'namespaces', '-o', 'name'])).ok, (ok) => ok, 90_000);
  });

  it('stops working once the credential is revoked', async () => {
    expect((await alice.call('DELETE', `/api/tokens/${download.tokenId}`)).status).toBe(204);
    const answer = await kubectl(aliceFile, ['get', 'namespaces']);
    expect(answer.ok).toBe(false);
    expect(answer.out).toMatch(/Unauthorized|must be logged in/);
  });

  it("revokes the vCluster's kubeconfig credentials when it is deleted", async () => {
    const fresh = await alice.call<Download>('GET', `${path}/kubeconfig`);
    expect(fresh.status).toBe(200);
    expect((await admin.call('DELETE', path)).status).toBe(202);
    const tokens = await alice.call<{ items: Array<{ id: string }> }>('GET', '/api/tokens');
    expect(tokens.body.items.map((t) => t.id)).not.toContain(fresh.body.tokenId);
  });
});
