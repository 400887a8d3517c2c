// Streams inside a sandbox vCluster with the sandbox's kubectl against the vCluster's own server:
// the virtual API server -> the runtime's kubelet proxy -> the host API server -> kwok.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { appendContainerLog } from '../host/kwok-kubelet';
import { waitFor } from '../host/wait';
import { echoThroughPortForward, outputMatching, runningSandbox, sandboxKubeConfig, uniqueName } from '../testing';
import { connectVCluster, deleteNamespace, deployVCluster, kubeconfigFile, kubectl } from './testing';

function start(kubeconfig: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(join(runningSandbox().binDir, 'kubectl'), ['--kubeconfig', kubeconfig, ...args]);
}

describe('streams of virtual pods (logs, exec, attach, port-forward)', () => {
  const namespace = uniqueName('streams');
  const tmp = mkdtempSync(join(tmpdir(), 'cubby-streams-'));
  const children: ChildProcessWithoutNullStreams[] = [];
  let kubeconfig: string;

  beforeAll(async () => {
    await deployVCluster('vc', namespace);
    const { secret } = await connectVCluster(namespace, 'vc', 90_000);
    kubeconfig = kubeconfigFile(secret, tmp);
    kubectl(kubeconfig, ['run', 'web', '--image=nginx', '--restart=Never']);
    await waitFor('virtual pod web Running', async () => kubectl(kubeconfig, ['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}']) === 'Running', 60_000, 200);
    // The host copy too: the host answers for it.
    const core = sandboxKubeConfig().makeApiClient(CoreV1Api);
    await waitFor('host pod Running', async () => (await core.readNamespacedPod({ namespace, name: 'web-x-default-x-vc' })).status?.phase === 'Running', 30_000, 200);
  });

  afterAll(async () => {
    for (const child of children) child.kill();
    await deleteNamespace(sandboxKubeConfig(), namespace);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('kubectl logs shows the container log kwok serves', () => {
    expect(kubectl(kubeconfig, ['logs', 'web'])).toContain('cubby sandbox: this container runs nowhere');
  });

  it('kubectl logs -f follows lines as they are written', async () => {
    const child = start(kubeconfig, ['logs', '-f', '--tail=1', 'web']);
    children.push(child);
    await outputMatching(child, /runs nowhere|\S/);
    const marker = `follow-${Date.now()}`;
    appendContainerLog(runningSandbox().containerLog!, marker);
    expect(await outputMatching(child, new RegExp(marker))).toContain(marker);
    child.kill();
  });

  it('kubectl exec runs the command and returns its output', () => {
    expect(kubectl(kubeconfig, ['exec', 'web', '--', 'echo', 'hi'])).toBe('hi\n');
    expect(kubectl(kubeconfig, ['exec', 'web', '-c', 'web', '--', 'sh', '-c', 'echo out; echo err >&2'])).toBe('out\n');
  });

  it('kubectl exec of a pod that does not exist fails as kubectl says it', () => {
    expect(() => kubectl(kubeconfig, ['exec', 'nope', '--', 'true'])).toThrow(/pods "nope" not found/);
  });

  it('kubectl attach shows what the container writes from now on', async () => {
    const child = start(kubeconfig, ['attach', 'web']);
    children.push(child);
    await outputMatching(child, /If you don't see a command prompt|press enter/i);
    const marker = `attach-${Date.now()}`;
    // attach follows from the end: repeat the line until it arrives after the stream is up.
    const writer = setInterval(() => appendContainerLog(runningSandbox().containerLog!, marker), 300);
    try {
      expect(await outputMatching(child, new RegExp(marker))).toContain(marker);
    } finally {
      clearInterval(writer);
      child.kill();
    }
  });

  it('kubectl port-forward reaches the pod (the sandbox answers every pod port with an echo)', async () => {
    const child = start(kubeconfig, ['port-forward', 'pod/web', ':80']);
    children.push(child);
    expect(await echoThroughPortForward(child, 'ping\n')).toBe('ping\n');
    child.kill();
  });
});
