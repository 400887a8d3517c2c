// Turns a virtual pod into its host copy the way the vCluster syncer does: translated name,
// labels and annotations, the workload service account, names of referenced objects translated,
// and everything dropped that only means something inside the virtual cluster.
import type { V1Container, V1Pod, V1PodStatus, V1Volume } from '@kubernetes/client-node';
import type { Json } from './kube-client';
import { hostName } from './host-name';
import { hostAnnotations, hostLabels, ownerReferences, type SyncContext } from './sync-context';
import { enforcedNodeSelector } from './vcluster-config';

export type Pod = Json<V1Pod>;
export type PodStatus = Json<V1PodStatus>;
type Container = Json<V1Container>;
type Volume = Json<V1Volume>;

export const POD_KIND = '/v1, Kind=Pod';
export const POD_NAME_ANNOTATION = 'vcluster.loft.sh/name';
export const POD_NAMESPACE_ANNOTATION = 'vcluster.loft.sh/namespace';
export const POD_UID_ANNOTATION = 'vcluster.loft.sh/uid';
export const POD_SERVICE_ACCOUNT_ANNOTATION = 'vcluster.loft.sh/service-account-name';
export const POD_LABELS_ANNOTATION = 'vcluster.loft.sh/labels';

/** `key="value"` lines, sorted: the syncer's record of the virtual pod's labels. */
function labelsAnnotation(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .sort()
    .join('\n');
}

/** Volumes holding the virtual service-account token: meaningless on the host, so dropped. */
function isServiceAccountTokenVolume(volume: Volume): boolean {
  return volume.projected?.sources?.some((s) => s.serviceAccountToken !== undefined) ?? false;
}

function translateContainer(container: Container, namespace: string, vcluster: string, dropped: Set<string>): Container {
  const name = (n: string) => hostName(n, namespace, vcluster);
  return {
    ...container,
    env: container.env?.map((env) => {
      const from = env.valueFrom;
      if (!from) return env;
      return {
        ...env,
        valueFrom: {
          ...from,
          ...(from.configMapKeyRef ? { configMapKeyRef: { ...from.configMapKeyRef, name: name(from.configMapKeyRef.name ?? '') } } : {}),
          ...(from.secretKeyRef ? { secretKeyRef: { ...from.secretKeyRef, name: name(from.secretKeyRef.name ?? '') } } : {}),
        },
      };
    }),
    envFrom: container.envFrom?.map((source) => ({
      ...source,
      ...(source.configMapRef ? { configMapRef: { ...source.configMapRef, name: name(source.configMapRef.name ?? '') } } : {}),
      ...(source.secretRef ? { secretRef: { ...source.secretRef, name: name(source.secretRef.name ?? '') } } : {}),
    })),
    volumeMounts: container.volumeMounts?.filter((m) => !dropped.has(m.name)),
  };
}

function translateVolume(volume: Volume, namespace: string, vcluster: string): Volume {
  const name = (n: string) => hostName(n, namespace, vcluster);
  if (volume.configMap) return { ...volume, configMap: { ...volume.configMap, name: name(volume.configMap.name ?? '') } };
  if (volume.secret) return { ...volume, secret: { ...volume.secret, secretName: name(volume.secret.secretName ?? '') } };
  // Claims are not synced by this runtime; a claim that does not exist on the host would keep
  // the pod unschedulable there, so the host copy gets scratch space instead.
  if (volume.persistentVolumeClaim || volume.ephemeral) return { name: volume.name, emptyDir: {} };
  if (volume.projected) {
    return {
      ...volume,
      projected: {
        ...volume.projected,
        sources: volume.projected.sources?.map((s) => ({
          ...s,
          ...(s.configMap ? { configMap: { ...s.configMap, name: name(s.configMap.name ?? '') } } : {}),
          ...(s.secret ? { secret: { ...s.secret, name: name(s.secret.name ?? '') } } : {}),
        })),
      },
    };
  }
  return volume;
}

/** The hostname a pod sees: its name, cut to 63 characters, without dots. */
function podHostname(vPod: Pod): string {
  if (vPod.spec?.hostname) return vPod.spec.hostname;
  return (vPod.metadata?.name ?? '').slice(0, 63).replaceAll('.', '-').replace(/-+$/, '');
}

export function translatePod(ctx: SyncContext, vPod: Pod): Pod {
  const meta = vPod.metadata ?? {};
  const namespace = meta.namespace ?? '';
  const spec = vPod.spec ?? { containers: [] };
  const volumes = spec.volumes ?? [];
  const dropped = new Set(volumes.filter(isServiceAccountTokenVolume).map((v) => v.name));

  const annotations = {
    ...hostAnnotations(ctx, meta, POD_KIND),
    [POD_NAME_ANNOTATION]: meta.name ?? '',
    [POD_NAMESPACE_ANNOTATION]: namespace,
    [POD_UID_ANNOTATION]: meta.uid ?? '',
    [POD_SERVICE_ACCOUNT_ANNOTATION]: spec.serviceAccountName ?? '',
    [POD_LABELS_ANNOTATION]: labelsAnnotation(meta.labels),
  };

  const nodeSelector = { ...(spec.nodeSelector ?? {}), ...enforcedNodeSelector(ctx.config) };
  const {
    nodeName: _nodeName,
    serviceAccount: _serviceAccount,
    priority: _priority,
    priorityClassName: _priorityClassName,
    preemptionPolicy: _preemptionPolicy,
    overhead: _overhead,
    ephemeralContainers: _ephemeralContainers,
    resourceClaims: _resourceClaims,
    subdomain: _subdomain,
    ...kept
  } = spec;

  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: hostName(meta.name ?? '', namespace, ctx.name),
      namespace: ctx.namespace,
      labels: hostLabels(ctx, meta),
      annotations,
      ownerReferences: ownerReferences(ctx),
    },
    spec: {
      ...kept,
      serviceAccountName: ctx.config.workloadServiceAccount,
      // Host credentials must not reach tenant workloads; the virtual token is not valid on the host.
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      hostname: podHostname(vPod),
      containers: spec.containers.map((c) => translateContainer(c, namespace, ctx.name, dropped)),
      initContainers: spec.initContainers?.map((c) => translateContainer(c, namespace, ctx.name, dropped)),
      volumes: volumes.filter((v) => !dropped.has(v.name)).map((v) => translateVolume(v, namespace, ctx.name)),
      imagePullSecrets: spec.imagePullSecrets?.map((s) => ({ name: hostName(s.name ?? '', namespace, ctx.name) })),
      nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
      // Pod (anti-)affinity terms name virtual namespaces and labels; only node affinity carries over.
      affinity: spec.affinity?.nodeAffinity ? { nodeAffinity: spec.affinity.nodeAffinity } : undefined,
    },
  };
}

/** The status fields copied from the host pod to the virtual one. */
export function statusFromHost(hPod: Pod): PodStatus {
  const s = hPod.status ?? {};
  return {
    phase: s.phase,
    conditions: s.conditions,
    message: s.message,
    reason: s.reason,
    hostIP: s.hostIP,
    hostIPs: s.hostIPs,
    podIP: s.podIP,
    podIPs: s.podIPs,
    startTime: s.startTime,
    containerStatuses: s.containerStatuses,
    initContainerStatuses: s.initContainerStatuses,
  };
}
