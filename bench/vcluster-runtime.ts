// `npx tsx bench/vcluster-runtime.ts [count]`: how fast the sandbox's vCluster runtime brings a
// helm-rendered vCluster alive and how much memory a running one takes. Starts its own sandbox
// in .sandbox-bench (unless CUBBY_SANDBOX_DIR names another) and stops it at the end if it
// started it. Prints the median and range of:
//   - apply -> pod Running (host scheduler, PVC binding, kwok), pod Running -> Secret vc-NAME,
//     apply -> Secret vc-NAME, apply -> virtual API answering with the Secret's kubeconfig;
//   - resident memory of each vCluster's kube-apiserver + kube-controller-manager (VmRSS from
//     /proc; PSS beside it, since the two share one multi-call binary's pages), measured once
//     all vClusters run, each with a one-pod Deployment.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';

process.env.CUBBY_SANDBOX_DIR ??= '.sandbox-bench';

interface Sample {
  name: string;
  namespace: string;
  podRunning: number;
  secret: number;
  api: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summary(label: string, values: number[], unit: string, digits = 1): string {
  return `${label.padEnd(34)} median ${median(values).toFixed(digits)} ${unit}  (min ${Math.min(...values).toFixed(digits)}, max ${Math.max(...values).toFixed(digits)}, n=${values.length})`;
}

/** kB of VmRSS and Pss of a process. */
function memoryOf(pid: number): { rss: number; pss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  return { rss, pss };
}

/** Pids of the control plane of vCluster NAMESPACE/NAME, found by their flags. */
function controlPlanePids(sandbox: string, namespace: string, name: string): number[] {
  const markers = [`--etcd-prefix=/cubby-vcluster/${namespace}/${name}`, `--kubeconfig=${join(sandbox, 'vclusters', namespace, name, 'controller-manager.kubeconfig')}`];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.split('\0').some((arg) => markers.includes(arg))) pids.push(Number(entry));
  }
  return pids;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5);
  const { up, down } = await import('../sandbox/host/host');
  const { sandboxDir } = await import('../sandbox/host/state');
  const { startSandboxDaemons } = await import('../sandbox/daemons');
  const { sandboxKubeConfig } = await import('../sandbox/testing');
  const { waitFor, sleep } = await import('../sandbox/host/wait');
  const t = await import('../sandbox/vcluster-runtime/testing');

  const started = await up({ extraDaemons: startSandboxDaemons });
  console.log(started.alreadyRunning ? `bench: using the sandbox already running in ${sandboxDir()}` : `bench: sandbox up in ${started.seconds.toFixed(1)} s (${sandboxDir()})`);
  const host = sandboxKubeConfig();
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const name = `bench-${i}`;
      const namespace = `bench-${Date.now().toString(36)}-${i}`;
      const vc = await t.deployVCluster(name, namespace);
      await t.waitForRunningPod(namespace, name, 120_000);
      const podRunning = Date.now();
      await t.waitForKubeconfigSecret(namespace, name, 120_000);
      const secret = Date.now();
      const { kc } = await t.connectVCluster(namespace, name, 120_000);
      const api = Date.now();
      samples.push({ name, namespace, podRunning: podRunning - vc.appliedAt, secret: secret - vc.appliedAt, api: api - vc.appliedAt });
      console.log(`bench: ${name}: pod Running ${((podRunning - vc.appliedAt) / 1000).toFixed(1)} s, Secret ${((secret - vc.appliedAt) / 1000).toFixed(1)} s, API ${((api - vc.appliedAt) / 1000).toFixed(1)} s after apply`);
      await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
        namespace: 'default',
        body: {
          metadata: { name: 'web' },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
          },
        },
      });
      await waitFor(`${name}'s pod synced and Running`, async () => {
        const pods = await host.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: `vcluster.loft.sh/managed-by=${name}` });
        return pods.items.some((p) => p.status?.phase === 'Running');
      }, 60_000);
    }

    // Let start-up garbage settle before reading memory.
    await sleep(15_000);
    const rss: number[] = [];
    const pss: number[] = [];
    for (const s of samples) {
      const pids = controlPlanePids(sandboxDir(), s.namespace, s.name);
      const mem = pids.map(memoryOf);
      rss.push(mem.reduce((sum, m) => sum + m.rss, 0) / 1024);
      pss.push(mem.reduce((sum, m) => sum + m.pss, 0) / 1024);
      if (pids.length !== 2) console.log(`bench: warning: found ${pids.length} control-plane processes for ${s.name}`);
    }
    const runtimePid = (JSON.parse(readFileSync(join(sandboxDir(), 'state.json'), 'utf8')) as { processes: { name: string; pid: number }[] })
      .processes.find((p) => p.name === 'vcluster-runtime')?.pid;
    const seconds = (key: 'podRunning' | 'secret' | 'api') => samples.map((s) => s[key] / 1000);
    const secretAfterPod = samples.map((s) => (s.secret - s.podRunning) / 1000);

    console.log('');
    console.log(`vCluster runtime, ${samples.length} vClusters created one after another`);
    console.log(summary('apply -> pod Running', seconds('podRunning'), 's'));
    console.log(summary('pod Running -> Secret vc-NAME', secretAfterPod, 's'));
    console.log(summary('apply -> Secret vc-NAME', seconds('secret'), 's'));
    console.log(summary('apply -> virtual API answering', seconds('api'), 's'));
    console.log(summary('RSS per vCluster (apiserver+kcm)', rss, 'MiB', 0));
    console.log(summary('PSS per vCluster (apiserver+kcm)', pss, 'MiB', 0));
    if (runtimePid) {
      // The runtime is tsx's launcher plus the node process running main.ts; count both.
      const children = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
        try {
          return readFileSync(`/proc/${e}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(runtimePid);
        } catch {
          return false;
        }
      }).map(Number).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('vcluster-runtime'));
      const own = [runtimePid, ...children].map(memoryOf).reduce((sum, m) => sum + m.rss, 0) / 1024;
      console.log(`${'runtime daemon RSS (node)'.padEnd(34)} ${own.toFixed(0)} MiB for ${samples.length} vClusters`);
    }
  } finally {
    if (!started.alreadyRunning) {
      await down();
      console.log('bench: sandbox stopped');
    }
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
