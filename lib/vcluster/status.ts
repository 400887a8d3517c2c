// A vCluster's status from the host objects an informer already holds: no API calls here.
//
// `status` is what `vcluster list` prints:
//   1. `Paused` when the StatefulSet carries `loft.sh/paused: "true"`;
//   2. otherwise the kubectl-style status of its pods (`app=vcluster,release=NAME`); with several
//      pods the CLI keeps the last one of the API's list, which is ordered by name, so the pods
//      are sorted by name here to give the same answer whatever order a cache holds them in;
//   3. `ScaledDown` when there are no pods and replicas are 0;
//   anything else (no pods yet, or no StatefulSet at all) is `Unknown`, which is what the CLI
//   shows for an empty status. Cubby's extras explain the in-between states: `creationStep`,
//   `configPending` and `waitingReason`.

import { type PodLike, type Timestamp, isPodReady, podDisplayStatus, timeOf } from './pod-status';

export const PAUSED_ANNOTATION = 'loft.sh/paused';
/**
 * Pod-template annotation carrying a hash of the vCluster's config. The chart sets it (so a
 * values change rolls the pod); the key is the chart's choice, so functions accept another one.
 */
export const VCLUSTER_CONFIG_HASH_ANNOTATION = 'vClusterConfigHash';
/** Label the StatefulSet controller puts on each pod: the revision the pod was created from. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/** The fields of a StatefulSet read here; `V1StatefulSet` is assignable to it. */
export interface StatefulSetLike {
  metadata?: { name?: string; generation?: number; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: { metadata?: { annotations?: Record<string, string> } };
    volumeClaimTemplates?: Array<{ metadata?: { name?: string } }>;
  };
  status?: { observedGeneration?: number; currentRevision?: string; updateRevision?: string };
}

/** The fields of an Event read here; `CoreV1Event` is assignable to it. */
export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject: { kind?: string; name?: string; uid?: string };
  firstTimestamp?: Timestamp;
  lastTimestamp?: Timestamp;
  eventTime?: Timestamp;
  series?: { count?: number; lastObservedTime?: Timestamp };
  metadata?: { creationTimestamp?: Timestamp };
}

export type CreationStep =
  /** Nothing applied yet: values are being rendered (or the namespace was just created). */
  | 'rendering'
  /** Chart objects are being applied; the StatefulSet is not there yet. */
  | 'applying'
  /** The StatefulSet exists; its pod is scheduling, initialising or not ready. */
  | 'control-plane-starting'
  /** The control plane is ready but has not written Secret `vc-NAME` yet. */
  | 'kubeconfig-pending'
  /** Created: the kubeconfig Secret exists and the control plane is ready (or deliberately stopped). */
  | 'ready';

export interface WaitingEvent {
  kind: string;
  name: string;
  reason: string;
  message: string;
  count: number;
  /** ISO 8601 time it was last seen, when known. */
  lastSeen?: string;
  /** `event` for Warning events, `condition` for the pod's PodScheduled condition. */
  source: 'event' | 'condition';
}

export interface WaitingReason {
  /** One line for the UI: the most recent relevant reason. */
  summary: string;
  /** Most recent first. */
  events: WaitingEvent[];
}

export interface PodSummary {
  name: string;
  status: string;
  ready: string;
  restarts: number;
  node?: string;
}

export interface VClusterStatus {
  /** As `vcluster list` shows it: Paused, ScaledDown, Unknown, or a kubectl pod status. */
  status: string;
  creationStep: CreationStep;
  /** True while the running control plane does not have the current config yet. */
  configPending: boolean;
  configPendingReasons: string[];
  /** Why the control plane is not running yet, while it is Pending. */
  waitingReason?: WaitingReason;
  pods: PodSummary[];
}

export interface VClusterStatusInput {
  /** The vCluster's StatefulSet `NAME`, absent while not applied yet. */
  statefulSet?: StatefulSetLike;
  /** Pods `app=vcluster,release=NAME` in the vCluster's namespace. */
  pods: readonly PodLike[];
  /** Events of the vCluster's namespace (filtered here to the relevant objects). */
  events?: readonly EventLike[];
  /**
   * Whether Secret `vc-NAME` (the kubeconfig the vCluster writes) exists; undefined when Cubby
   * cannot read the namespace's Secrets (a found vCluster before assignment): its pods decide.
   */
  kubeconfigSecretExists: boolean | undefined;
  /**
   * Whether Secret `vc-config-NAME` exists. Cubby applies chart objects in helm's install order,
   * where Secrets come before the StatefulSet, so it tells "applying" from "rendering".
   */
  configSecretExists?: boolean;
  /** Pod-template annotation with the config hash; defaults to `vClusterConfigHash`. */
  configHashAnnotation?: string;
  /** Maximum number of waiting events to return. */
  maxWaitingEvents?: number;
}

export function isPaused(statefulSet: StatefulSetLike | undefined): boolean {
  return statefulSet?.metadata?.annotations?.[PAUSED_ANNOTATION] === 'true';
}

/** Desired replicas; the API defaults an omitted `replicas` to 1. */
export function desiredReplicas(statefulSet: StatefulSetLike | undefined): number {
  return statefulSet?.spec?.replicas ?? 1;
}

export function vClusterStatus(input: VClusterStatusInput): VClusterStatus {
  const sts = input.statefulSet;
  const pods = [...input.pods].sort((a, b) => compareNames(a.metadata?.name, b.metadata?.name));
  const displays = pods.map((pod) => podDisplayStatus(pod));
  const summaries: PodSummary[] = pods.map((pod, i) => {
    const d = displays[i]!;
    const summary: PodSummary = {
      name: pod.metadata?.name ?? '',
      status: d.status,
      ready: `${d.readyContainers}/${d.totalContainers}`,
      restarts: d.restarts,
    };
    if (pod.spec?.nodeName) summary.node = pod.spec.nodeName;
    return summary;
  });

  const status = cliStatus(sts, displays.map((d) => d.status));
  const config = configPending({
    statefulSet: sts,
    pods,
    ...(input.configHashAnnotation !== undefined ? { configHashAnnotation: input.configHashAnnotation } : {}),
  });
  const result: VClusterStatus = {
    status,
    creationStep: creationStep(input, pods),
    configPending: config.pending,
    configPendingReasons: config.reasons,
    pods: summaries,
  };
  const waiting = waitingReason({
    statefulSet: sts,
    pods,
    events: input.events ?? [],
    ...(input.maxWaitingEvents !== undefined ? { max: input.maxWaitingEvents } : {}),
  });
  if (waiting) result.waitingReason = waiting;
  return result;
}

function cliStatus(sts: StatefulSetLike | undefined, podStatuses: string[]): string {
  if (sts === undefined) return 'Unknown';
  if (isPaused(sts)) return 'Paused';
  const last = podStatuses[podStatuses.length - 1];
  if (last) return last;
  if (podStatuses.length === 0 && desiredReplicas(sts) === 0) return 'ScaledDown';
  return 'Unknown';
}

function creationStep(input: VClusterStatusInput, pods: readonly PodLike[]): CreationStep {
  const sts = input.statefulSet;
  if (sts === undefined) return input.configSecretExists ? 'applying' : 'rendering';
  const stopped = isPaused(sts) || desiredReplicas(sts) === 0;
  const anyReady = pods.some((pod) => pod.metadata?.deletionTimestamp == null && isPodReady(pod));
  if (input.kubeconfigSecretExists !== false && (anyReady || stopped)) return 'ready';
  if (anyReady) return 'kubeconfig-pending';
  return 'control-plane-starting';
}

export interface ConfigPendingInput {
  statefulSet?: StatefulSetLike;
  pods: readonly PodLike[];
  configHashAnnotation?: string;
}

/**
 * Whether the running control plane lags the StatefulSet's current spec. A changed sync option
 * is applied to the StatefulSet at once but only takes effect when the pod restarts with it, so
 * users see "rollout pending" until then. Checked, in order: the controller has not observed the
 * latest generation; updateRevision differs from currentRevision (rollout under way); a pod's
 * controller-revision-hash differs from updateRevision; a pod's config-hash annotation differs
 * from the template's. With no pod (paused, scaled down, or between the old pod's deletion and
 * the new one's creation) nothing runs an old config: the next pod starts with the current one.
 */
export function configPending(input: ConfigPendingInput): { pending: boolean; reasons: string[] } {
  const sts = input.statefulSet;
  const reasons: string[] = [];
  if (sts === undefined || isPaused(sts) || input.pods.length === 0) return { pending: false, reasons };
  const key = input.configHashAnnotation ?? VCLUSTER_CONFIG_HASH_ANNOTATION;

  const generation = sts.metadata?.generation;
  const observed = sts.status?.observedGeneration;
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    reasons.push('The StatefulSet controller has not processed the latest change yet.');
  }
  const update = sts.status?.updateRevision;
  const current = sts.status?.currentRevision;
  if (update && current && update !== current) {
    reasons.push(`Rollout in progress: revision ${update} is replacing ${current}.`);
  }
  const wantHash = sts.spec?.template?.metadata?.annotations?.[key];
  for (const pod of input.pods) {
    const name = pod.metadata?.name ?? 'a pod';
    const podRevision = pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    if (update && podRevision && podRevision !== update) {
      reasons.push(`Pod ${name} runs revision ${podRevision}, not ${update}.`);
    }
    const podHash = pod.metadata?.annotations?.[key];
    if (wantHash !== undefined && podHash !== wantHash) {
      reasons.push(`Pod ${name} was started with an older configuration.`);
    }
  }
  return { pending: reasons.length > 0, reasons };
}

export interface WaitingReasonInput {
  statefulSet?: StatefulSetLike;
  pods: readonly PodLike[];
  events: readonly EventLike[];
  max?: number;
}

/**
 * Why the control plane is not running: the most recent Warning events of its pods, their PVCs
 * and the StatefulSet (FailedCreate, e.g. a ResourceQuota refusing the pod), plus an
 * Unschedulable PodScheduled condition when no event says more. Only computed while a pod is in
 * phase Pending, or the StatefulSet wants a pod that does not exist; a running pod needs no
 * reason. Warnings older than a later Normal event of the same object (e.g. FailedScheduling
 * before Scheduled) are stale and dropped, as are events of an earlier pod with the same name.
 */
export function waitingReason(input: WaitingReasonInput): WaitingReason | undefined {
  const sts = input.statefulSet;
  if (sts === undefined || isPaused(sts)) return undefined;
  const livePods = input.pods.filter((pod) => pod.metadata?.deletionTimestamp == null);
  const pendingPods = livePods.filter((pod) => pod.status?.phase === 'Pending');
  const missingPods = livePods.length < desiredReplicas(sts);
  if (pendingPods.length === 0 && !missingPods) return undefined;

  const stsName = sts.metadata?.name;
  const podUids = new Map<string, string | undefined>();
  for (const pod of input.pods) if (pod.metadata?.name) podUids.set(pod.metadata.name, pod.metadata.uid);
  const claims = new Set<string>();
  for (const pod of input.pods) {
    for (const volume of pod.spec?.volumes ?? []) {
      if (volume.persistentVolumeClaim?.claimName) claims.add(volume.persistentVolumeClaim.claimName);
    }
  }
  // Claims of pods not created yet follow the StatefulSet rule `<template>-<set>-<ordinal>`.
  if (stsName) {
    for (const template of sts.spec?.volumeClaimTemplates ?? []) {
      const claim = template.metadata?.name;
      if (!claim) continue;
      for (let ordinal = 0; ordinal < desiredReplicas(sts); ordinal++) claims.add(`${claim}-${stsName}-${ordinal}`);
    }
  }

  const relevant = (event: EventLike): boolean => {
    const { kind, name, uid } = event.involvedObject;
    if (!name) return false;
    if (kind === 'Pod') {
      if (!podUids.has(name)) return false;
      const podUid = podUids.get(name);
      return !(uid && podUid && uid !== podUid);
    }
    if (kind === 'PersistentVolumeClaim') return claims.has(name);
    if (kind === 'StatefulSet') return name === stsName;
    return false;
  };

  const latestNormal = new Map<string, number>();
  for (const event of input.events) {
    if (event.type !== 'Normal' || !relevant(event)) continue;
    const at = eventTime(event);
    const key = objectKey(event);
    if (at !== undefined && (latestNormal.get(key) ?? -Infinity) < at) latestNormal.set(key, at);
  }

  const found = new Map<string, { at: number | undefined; event: WaitingEvent }>();
  for (const event of input.events) {
    if (event.type !== 'Warning' || !relevant(event)) continue;
    const at = eventTime(event);
    const normalAt = latestNormal.get(objectKey(event));
    if (normalAt !== undefined && at !== undefined && at < normalAt) continue;
    const waitingEvent: WaitingEvent = {
      kind: event.involvedObject.kind ?? '',
      name: event.involvedObject.name ?? '',
      reason: event.reason ?? '',
      message: (event.message ?? '').trim(),
      count: event.series?.count ?? event.count ?? 1,
      source: 'event',
    };
    if (at !== undefined) waitingEvent.lastSeen = new Date(at).toISOString();
    // One line per object and reason: a FailedScheduling repeated 40 times is one reason.
    const dedupe = `${objectKey(event)}/${waitingEvent.reason}`;
    const previous = found.get(dedupe);
    if (!previous || (at ?? -Infinity) > (previous.at ?? -Infinity)) found.set(dedupe, { at, event: waitingEvent });
  }

  const events = [...found.values()]
    .sort((a, b) => (b.at ?? -Infinity) - (a.at ?? -Infinity))
    .map((entry) => entry.event);

  if (events.length === 0) {
    for (const pod of pendingPods) {
      const condition = (pod.status?.conditions ?? []).find(
        (c) => c.type === 'PodScheduled' && c.status === 'False' && c.message,
      );
      if (condition) {
        events.push({
          kind: 'Pod',
          name: pod.metadata?.name ?? '',
          reason: condition.reason ?? 'Unschedulable',
          message: condition.message!.trim(),
          count: 1,
          source: 'condition',
        });
      }
    }
  }
  if (events.length === 0) return undefined;
  const limited = events.slice(0, input.max ?? 5);
  const top = limited[0]!;
  return { summary: `${top.reason}: ${top.message}`, events: limited };
}

function objectKey(event: EventLike): string {
  return `${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}`;
}

/** When an event last happened: series time, then lastTimestamp, eventTime, firstTimestamp. */
function eventTime(event: EventLike): number | undefined {
  return (
    timeOf(event.series?.lastObservedTime) ??
    timeOf(event.lastTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(event.firstTimestamp) ??
    timeOf(event.metadata?.creationTimestamp)
  );
}

function compareNames(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
