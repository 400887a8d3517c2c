// kwok as the kubelet of the sandbox's fake nodes. No container runs here, but the host API
// server's pods/portforward, exec, attach and log subresources must still reach something: kwok's
// own server plays the kubelet API (`/portForward`, `/exec`, `/attach`, `/containerLogs`) for every
// pod it runs, answering from rules:
//   - PortForward objects (a CRD kwok watches), one per pod, written by the vCluster runtime: port
//     8443 of a vCluster's control-plane pod lands on that vCluster's API server on 127.0.0.1:PORT;
//   - for every other pod, fixed cluster-wide rules in a config file written here: exec runs the
//     command on this machine in a scratch directory, logs and attach read one container log file
//     (CRI format) that the sandbox writes, and a port-forward to any port but 8443 is an echo (`cat`).
// Exec really runs commands on the sandbox machine as the sandbox's user: the sandbox is a local
// development tool, never a shared host.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';

export const KWOK_GROUP = 'kwok.x-k8s.io';
export const KWOK_VERSION = 'v1alpha1';
/** The kinds kwok reads from the API server (`--enable-crds`); the rest come from the config file. */
export const KWOK_CRD_KINDS = ['PortForward'] as const;

/**
 * kwok's PortForward CRD, written for the sandbox (the fields kwok v0.8.0 reads: per pod, by the
 * pod's own name and namespace, a list of forwards by port to a TCP target or a command).
 */
export const PORT_FORWARD_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `portforwards.${KWOK_GROUP}` },
  spec: {
    group: KWOK_GROUP,
    scope: 'Namespaced',
    names: { kind: 'PortForward', listKind: 'PortForwardList', plural: 'portforwards', singular: 'portforward' },
    versions: [
      {
        name: KWOK_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            required: ['spec'],
            properties: {
              spec: {
                type: 'object',
                required: ['forwards'],
                properties: {
                  forwards: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        ports: { type: 'array', items: { type: 'integer', format: 'int32' } },
                        target: {
                          type: 'object',
                          required: ['port', 'address'],
                          properties: {
                            port: { type: 'integer', format: 'int32', minimum: 0, maximum: 65535 },
                            address: { type: 'string', minLength: 1 },
                          },
                        },
                        command: { type: 'array', items: { type: 'string' } },
                      },
                    },
                  },
                },
              },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};

/** Applies kwok's CRDs before kwok starts, so its watch of PortForwards lists at once. */
export async function applyKwokCrds(kubeconfigPath: string): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const objects = KubernetesObjectApi.makeApiClient(kc);
  await objects.patch(PORT_FORWARD_CRD as KubernetesObject, undefined, undefined, 'cubby-sandbox', true, PatchStrategy.ServerSideApply);
}

export interface KwokKubeletFiles {
  /** kwok --config file with the cluster-wide exec, logs, attach and port-forward rules. */
  config: string;
  /** The container log every pod shows (CRI log format); append to it to see `logs -f` move. */
  containerLog: string;
  /** Where exec'd commands run. */
  execDir: string;
}

/** One line of the CRI log format kwok reads (`TIMESTAMP STREAM F TEXT`). */
export function criLogLine(text: string, stream: 'stdout' | 'stderr' = 'stdout', at = new Date()): string {
  return `${at.toISOString()} ${stream} F ${text}\n`;
}

/** Appends lines to the container log that `kubectl logs -f` and `attach` follow. */
export function appendContainerLog(containerLog: string, ...lines: string[]): void {
  appendFileSync(containerLog, lines.map((line) => criLogLine(line)).join(''));
}

export function writeKwokKubeletFiles(sandboxDir: string): KwokKubeletFiles {
  const dir = join(sandboxDir, 'kwok');
  const execDir = join(dir, 'exec');
  mkdirSync(execDir, { recursive: true });
  const containerLog = join(dir, 'container.log');
  writeFileSync(containerLog, criLogLine('cubby sandbox: this container runs nowhere; kwok shows this log for every pod'));
  const rule = (kind: string, spec: Record<string, unknown>) => ({
    apiVersion: `${KWOK_GROUP}/${KWOK_VERSION}`,
    kind,
    metadata: { name: `cubby-${kind.toLowerCase()}` },
    spec,
  });
  const documents = [
    rule('ClusterExec', { execs: [{ local: { workDir: execDir } }] }),
    rule('ClusterLogs', { logs: [{ logsFile: containerLog, follow: true }] }),
    rule('ClusterAttach', { attaches: [{ logsFile: containerLog }] }),
    // A PortForward of the pod's own name (the runtime's, for vCluster pods) wins over this. Port
    // 8443 without one fails, as nothing listens there yet: a vCluster pod whose API server is not
    // up must not answer a TLS hello with an echo.
    rule('ClusterPortForward', { forwards: [{ ports: [8443], command: ['false'] }, { command: ['cat'] }] }),
  ];
  const config = join(sandboxDir, 'kwok-kubelet.yaml');
  writeFileSync(config, documents.map((d) => stringify(d)).join('---\n'));
  return { config, containerLog, execDir };
}
