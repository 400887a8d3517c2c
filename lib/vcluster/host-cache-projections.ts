// What the host cache keeps of each kind it watches: only the fields Cubby shows or computes
// with, so memory grows with what the pages need, not with what the API returns (managedFields,
// pod specs, last-applied annotations). Each view keeps the shape of the API object it comes
// from, so the domain functions (vClusterStatus, podDisplayStatus, chooseServer) take views
// directly; synced pods, the one kind counted in tens of thousands, are kept as flat rows
// instead. Timestamps stay the strings the API sends.

import { parse as parseYaml } from 'yaml';
import type { RawObject } from '@/lib/kube/informer';
import { shared } from '@/lib/kube/shared-strings';
import { type EffectiveSyncOptions, syncOptionsFromValues } from './sync-options';
import type { InformerChange } from '@/lib/kube/informer-store';
import type { Template, Tenant } from '@/lib/tenancy/model';
import { isQuantity, toMilli } from '@/lib/tenancy/quantity';
import { virtualObjectRef } from './host-object-name';
import { type ContainerStatusLike, type PodConditionLike, podDisplayStatus } from './pod-status';
import { ownWaiting, type PodWaiting, waitsFor } from './pod-waiting';
import { CONTROLLER_REVISION_HASH_LABEL, VCLUSTER_CONFIG_HASH_ANNOTATION } from './status';

/** Label the vCluster writes on its kubeconfig Secret `vc-NAME`. */
export const KUBECONFIG_SECRET_LABEL = 'vcluster-name';
/** Annotation prefixes worth keeping: vCluster's own (pause, sync) and Cubby's. */
const KEPT_ANNOTATION_PREFIXES = ['loft.sh/', 'vcluster.loft.sh/', 'cubby.dev/', 'meta.helm.sh/'];
const CONTROL_PLANE_POD_LABELS = ['app', 'release', CONTROLLER_REVISION_HASH_LABEL, 'pod-template-hash', 'statefulset.kubernetes.io/pod-name'];
/** Event and waiting messages longer than this are cut. */
export const MAX_EVENT_MESSAGE = 1024;

export interface ViewMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
}

/** A vCluster control plane: StatefulSet (default) or Deployment (no PVC). Fits StatefulSetLike. */
export interface WorkloadView {
  kind: 'StatefulSet' | 'Deployment';
  metadata: ViewMeta & { namespace: string; generation?: number };
  spec: {
    replicas?: number;
    template: { metadata: { annotations?: Record<string, string> } };
    volumeClaimTemplates?: Array<{ metadata: { name?: string } }>;
  };
  status: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    observedGeneration?: number;
  };
}

export interface ContainerView {
  name: string;
  restartPolicy?: string;
}

/** A pod as status.ts and pod-status.ts read it (PodLike), plus addresses. */
export interface PodView {
  metadata: ViewMeta & { namespace: string };
  spec: {
    nodeName?: string;
    containers: ContainerView[];
    initContainers?: ContainerView[];
    volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
  };
  status: {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    podIPs?: string[];
    hostIP?: string;
    conditions?: PodConditionLike[];
    initContainerStatuses?: ContainerStatusLike[];
    containerStatuses?: ContainerStatusLike[];
  };
}

/**
 * A host pod the vCluster synced, as the Pods tab shows it: a flat row, its kubectl columns
 * computed when it changes. A big host holds tens of thousands, so nothing pod-shaped stays
 * (the nested conditions, container statuses and spec took 1.8 KiB a pod).
 */
export interface SyncedPodView {
  metadata: { name: string; namespace: string; uid?: string; creationTimestamp?: string; deletionTimestamp?: string };
  /** `vcluster.loft.sh/managed-by`: the vCluster that synced it. */
  vcluster: string;
  /** The virtual pod it stands for, from the syncer's annotations; without them it has no row. */
  virtualName?: string;
  virtualNamespace?: string;
  node?: string;
  phase?: string;
  podIP?: string;
  hostIP?: string;
  /** kubectl's STATUS column. */
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  /** Why it waits, by its own conditions and containers; a warning event about it comes first (joined per request). */
  waiting?: PodWaiting;
}

export interface NamespaceView {
  metadata: ViewMeta;
  status: { phase?: string };
}

/** A vCluster Secret without its data: only that it exists and whose it is. */
export interface SecretView {
  metadata: ViewMeta & { namespace: string };
  type?: string;
  /**
   * For the chart's config Secret `vc-config-NAME` only: the sync options its `config.yaml`
   * (the vCluster's effective values, whoever installed it) turns on. Nothing else of a
   * Secret's data is read.
   */
  syncOptions?: EffectiveSyncOptions;
}

export interface ServicePortView {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}

/** Fits kubeconfig-export's ServiceLike. */
export interface ServiceView {
  metadata: ViewMeta & { namespace: string };
  spec: { type?: string; clusterIP?: string; ports: ServicePortView[]; externalIPs?: string[] };
  status: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export interface IngressView {
  metadata: ViewMeta & { namespace: string };
  ingressClassName?: string;
  hosts: string[];
  tlsHosts: string[];
  loadBalancer: Array<{ ip?: string; hostname?: string }>;
}

/** Fits status.ts's EventLike. */
export interface EventView {
  metadata: { name: string; namespace: string; creationTimestamp?: string };
  involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
}

/** One figure of a ResourceQuota as a number: millicores, bytes or a count. */
export interface QuotaFigureView {
  used: number;
  hard: number;
}

/**
 * Cubby's ResourceQuota of a vCluster namespace, amounts already parsed: the admin overview sums
 * thousands of them, so the quantity grammar runs once per change, not once per request.
 */
export interface ResourceQuotaView {
  metadata: ViewMeta & { namespace: string };
  cpu?: QuotaFigureView;
  memory?: QuotaFigureView;
  pods?: QuotaFigureView;
}

/** The views by informer, which also names the sources of changes. */
export interface HostViews {
  statefulSets: WorkloadView;
  deployments: WorkloadView;
  controlPlanePods: PodView;
  syncedPods: SyncedPodView;
  namespaces: NamespaceView;
  secrets: SecretView;
  services: ServiceView;
  ingresses: IngressView;
  events: EventView;
  resourceQuotas: ResourceQuotaView;
  tenants: Tenant;
  templates: Template;
}

export type HostSource = keyof HostViews;

/** One change, tagged with the informer it came from. */
export type HostCacheChange = { [S in HostSource]: { source: S; change: InformerChange<HostViews[S]> } }[HostSource];

// ---- helpers over raw API objects ----

type Dict = Record<string, unknown>;

function obj(value: unknown): Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Dict) : {};
}

function arr(value: unknown): Dict[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string of few distinct values (a namespace, a node, a phase): kept as one shared copy. */
function common(value: unknown): string | undefined {
  return shared(str(value));
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function sharedValues(map: Record<string, string> | undefined): Record<string, string> | undefined {
  if (map) for (const key of Object.keys(map)) map[key] = shared(map[key]!);
  return map;
}

function strings(value: unknown): Record<string, string> | undefined {
  const source = obj(value);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function pick(map: Record<string, string> | undefined, keep: (key: string) => boolean): Record<string, string> | undefined {
  if (!map) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (keep(k)) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Drops undefined fields so that views compare and serialise cleanly. Builds a new object
 * rather than deleting keys: `delete` turns a V8 object into a dictionary several times larger.
 */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = field;
  return out as T;
}

const keptAnnotation = (extra: readonly string[] = []) => (key: string) =>
  extra.includes(key) || KEPT_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix));

interface MetaOptions {
  labels?: (key: string) => boolean;
  annotations?: (key: string) => boolean;
}

function meta(raw: RawObject, options: MetaOptions = {}): ViewMeta {
  const m = obj(raw.metadata);
  const labels = strings(m.labels);
  return compact<ViewMeta>({
    name: str(m.name) ?? '',
    namespace: common(m.namespace),
    uid: str(m.uid),
    // The values of kept labels repeat (a vCluster's name on each of its pods); of annotations,
    // a few do.
    labels: sharedValues(options.labels ? pick(labels, options.labels) : labels),
    // Annotations are never kept wholesale: kubectl's last-applied-configuration can be huge and,
    // on a Secret, holds the Secret's data.
    annotations: pick(strings(m.annotations), options.annotations ?? keptAnnotation()),
    creationTimestamp: str(m.creationTimestamp),
    deletionTimestamp: str(m.deletionTimestamp),
  });
}

function namespaced(raw: RawObject, options?: MetaOptions): ViewMeta & { namespace: string } {
  const m = meta(raw, options);
  return { ...m, namespace: m.namespace ?? '' };
}

// ---- projections ----

export function projectWorkload(raw: RawObject, configHashAnnotation = VCLUSTER_CONFIG_HASH_ANNOTATION): WorkloadView {
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  const template = obj(spec.template);
  const claims = arr(spec.volumeClaimTemplates).map((t) => ({ metadata: compact({ name: str(obj(t.metadata).name) }) }));
  return {
    kind: raw.kind === 'Deployment' ? 'Deployment' : 'StatefulSet',
    metadata: compact({ ...namespaced(raw, { annotations: keptAnnotation([configHashAnnotation]) }), generation: num(obj(raw.metadata).generation) }),
    spec: compact({
      replicas: num(spec.replicas),
      template: { metadata: compact({ annotations: pick(strings(obj(template.metadata).annotations), (k) => k === configHashAnnotation) }) },
      volumeClaimTemplates: claims.length > 0 ? claims : undefined,
    }),
    status: compact({
      replicas: num(status.replicas),
      readyReplicas: num(status.readyReplicas),
      updatedReplicas: num(status.updatedReplicas),
      availableReplicas: num(status.availableReplicas),
      currentRevision: str(status.currentRevision),
      updateRevision: str(status.updateRevision),
      observedGeneration: num(status.observedGeneration),
    }),
  };
}

function containerState(value: unknown): ContainerStatusLike['state'] {
  const state = obj(value);
  const out: NonNullable<ContainerStatusLike['state']> = {};
  if (state.waiting) out.waiting = compact({ reason: common(obj(state.waiting).reason), message: str(obj(state.waiting).message) });
  if (state.running) out.running = {};
  if (state.terminated) {
    const t = obj(state.terminated);
    out.terminated = compact({ exitCode: num(t.exitCode) ?? 0, reason: common(t.reason), signal: num(t.signal), finishedAt: str(t.finishedAt) });
  }
  return out;
}

function containerStatuses(value: unknown): ContainerStatusLike[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return arr(value).map((c) => {
    const lastTerminated = obj(obj(c.lastState).terminated);
    const status: ContainerStatusLike = compact({
      name: common(c.name) ?? '',
      ready: c.ready === true,
      restartCount: num(c.restartCount) ?? 0,
      started: typeof c.started === 'boolean' ? c.started : undefined,
      state: containerState(c.state),
    });
    // Only the last termination's time is read (kubectl's "restarted N ago").
    if (Object.keys(lastTerminated).length > 0) status.lastState = { terminated: containerState({ terminated: lastTerminated })!.terminated! };
    return status;
  });
}

function containers(value: unknown): ContainerView[] {
  return arr(value).map((c) => compact({ name: common(c.name) ?? '', restartPolicy: common(c.restartPolicy) }));
}

/** A pod's spec and status as pod-status.ts reads them; messages and claim volumes explain why one is Pending. */
function podBody(raw: RawObject): Omit<PodView, 'metadata'> {
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  const initContainers = containers(spec.initContainers);
  const conditions = Array.isArray(status.conditions)
    ? arr(status.conditions)
        .map((c) => compact<PodConditionLike>({ type: common(c.type) ?? '', status: common(c.status) ?? '', reason: common(c.reason), message: str(c.message) }))
    : undefined;
  const podIP = str(status.podIP);
  // The first of podIPs is podIP: one string for both.
  const podIPs = arr(status.podIPs).map((p) => (p.ip === podIP ? podIP : str(p.ip))).filter((ip): ip is string => !!ip);
  return {
    spec: compact({
      nodeName: common(spec.nodeName),
      containers: containers(spec.containers),
      initContainers: initContainers.length > 0 ? initContainers : undefined,
      volumes: claimVolumes(spec.volumes),
    }),
    status: compact({
      phase: common(status.phase),
      reason: common(status.reason),
      message: str(status.message),
      podIP,
      podIPs: podIPs.length > 0 ? podIPs : undefined,
      hostIP: common(status.hostIP),
      conditions,
      initContainerStatuses: containerStatuses(status.initContainerStatuses),
      containerStatuses: containerStatuses(status.containerStatuses),
    }),
  };
}

/** Only volumes backed by claims: status.ts follows them to explain a Pending control plane. */
function claimVolumes(value: unknown): PodView['spec']['volumes'] {
  const volumes = arr(value)
    .filter((v) => str(obj(v.persistentVolumeClaim).claimName))
    .map((v) => ({ name: str(v.name) ?? '', persistentVolumeClaim: { claimName: str(obj(v.persistentVolumeClaim).claimName)! } }));
  return volumes.length > 0 ? volumes : undefined;
}

export function projectControlPlanePod(raw: RawObject, configHashAnnotation = VCLUSTER_CONFIG_HASH_ANNOTATION): PodView {
  return {
    metadata: namespaced(raw, {
      labels: (k) => CONTROL_PLANE_POD_LABELS.includes(k),
      annotations: (k) => k === configHashAnnotation,
    }),
    ...podBody(raw),
  };
}

export function projectSyncedPod(raw: RawObject): SyncedPodView {
  const m = obj(raw.metadata);
  const labels = obj(m.labels);
  const pod = podBody(raw);
  const metadata = compact({
    name: str(m.name) ?? '',
    namespace: common(m.namespace) ?? '',
    uid: str(m.uid),
    creationTimestamp: str(m.creationTimestamp),
    deletionTimestamp: str(m.deletionTimestamp),
  });
  const display = podDisplayStatus({ metadata, ...pod });
  const virtual = virtualObjectRef({ labels: strings(labels), annotations: strings(m.annotations) });
  const waiting = waitsFor(display.status, { metadata }) ? ownWaiting(pod) : undefined;
  return compact<SyncedPodView>({
    metadata,
    vcluster: common(labels['vcluster.loft.sh/managed-by']) ?? '',
    virtualName: virtual?.name,
    virtualNamespace: common(virtual?.namespace),
    node: pod.spec.nodeName,
    phase: pod.status.phase,
    podIP: pod.status.podIP,
    hostIP: pod.status.hostIP,
    status: shared(display.status)!,
    readyContainers: display.readyContainers,
    totalContainers: display.totalContainers,
    restarts: display.restarts,
    waiting: waiting && compact({ ...waiting, reason: shared(waiting.reason)!, message: waiting.message && cut(waiting.message) }),
  });
}

export function projectNamespace(raw: RawObject): NamespaceView {
  return { metadata: meta(raw), status: compact({ phase: str(obj(raw.status).phase) }) };
}

export function projectSecret(raw: RawObject): SecretView {
  const metadata = namespaced(raw);
  // Data is never kept; of a config Secret, only the options derived from it.
  return compact({ metadata, type: str(raw.type), syncOptions: metadata.name.startsWith('vc-config-') ? configSyncOptions(raw) : undefined });
}

function configSyncOptions(raw: RawObject): EffectiveSyncOptions | undefined {
  const encoded = str(obj(raw.data)['config.yaml']);
  if (!encoded) return undefined;
  try {
    return syncOptionsFromValues(parseYaml(Buffer.from(encoded, 'base64').toString('utf8')));
  } catch {
    // Not YAML: the options stay unknown rather than wrong.
    return undefined;
  }
}

export function projectService(raw: RawObject): ServiceView {
  const spec = obj(raw.spec);
  const ingress = arr(obj(obj(raw.status).loadBalancer).ingress).map((i) => compact({ ip: str(i.ip), hostname: str(i.hostname) }));
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs.filter((ip): ip is string => typeof ip === 'string') : [];
  return {
    metadata: namespaced(raw),
    spec: compact({
      type: str(spec.type),
      clusterIP: str(spec.clusterIP),
      ports: arr(spec.ports).map((p) =>
        compact<ServicePortView>({
          name: str(p.name),
          port: num(p.port) ?? 0,
          targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : undefined,
          nodePort: num(p.nodePort),
          protocol: str(p.protocol),
        }),
      ),
      externalIPs: externalIPs.length > 0 ? externalIPs : undefined,
    }),
    status: ingress.length > 0 ? { loadBalancer: { ingress } } : {},
  };
}

export function projectIngress(raw: RawObject): IngressView {
  const spec = obj(raw.spec);
  const hosts = arr(spec.rules).map((r) => str(r.host)).filter((h): h is string => !!h);
  const tlsHosts = arr(spec.tls).flatMap((t) => (Array.isArray(t.hosts) ? t.hosts.filter((h): h is string => typeof h === 'string') : []));
  const loadBalancer = arr(obj(obj(raw.status).loadBalancer).ingress).map((i) => compact({ ip: str(i.ip), hostname: str(i.hostname) }));
  return compact({ metadata: namespaced(raw), ingressClassName: str(spec.ingressClassName), hosts, tlsHosts, loadBalancer });
}

export function projectEvent(raw: RawObject): EventView {
  const involved = obj(raw.involvedObject);
  const series = obj(raw.series);
  const m = obj(raw.metadata);
  const message = str(raw.message);
  return compact({
    metadata: compact({ name: str(m.name) ?? '', namespace: common(m.namespace) ?? '', creationTimestamp: str(m.creationTimestamp) }),
    involvedObject: compact({ kind: common(involved.kind), name: str(involved.name), namespace: common(involved.namespace), uid: str(involved.uid) }),
    type: common(raw.type),
    reason: common(raw.reason),
    message: message && cut(message),
    count: num(raw.count),
    firstTimestamp: str(raw.firstTimestamp),
    lastTimestamp: str(raw.lastTimestamp),
    eventTime: str(raw.eventTime),
    series: Object.keys(series).length > 0 ? compact({ count: num(series.count), lastObservedTime: str(series.lastObservedTime) }) : undefined,
  });
}

/** Long messages (stack traces, webhook dumps) are cut; the UI shows one line anyway. */
function cut(message: string): string {
  return message.length > MAX_EVENT_MESSAGE ? `${message.slice(0, MAX_EVENT_MESSAGE - 1)}…` : message;
}

/** When an event last happened, in ms; the per-namespace cap drops the smallest first. */
export function eventRecency(event: EventView): number {
  for (const value of [event.series?.lastObservedTime, event.lastTimestamp, event.eventTime, event.firstTimestamp, event.metadata.creationTimestamp]) {
    const ms = value ? Date.parse(value) : NaN;
    if (!Number.isNaN(ms)) return ms;
  }
  return 0;
}

type QuotaUnit = 'milli' | 'bytes' | 'count';

function quotaAmount(text: string | undefined, unit: QuotaUnit): number | undefined {
  if (text === undefined || !isQuantity(text)) return undefined;
  const milli = toMilli(text);
  return Number(unit === 'milli' ? milli : (milli + 999n) / 1000n);
}

function quotaFigure(spec: Dict, status: Dict, key: string, unit: QuotaUnit): QuotaFigureView | undefined {
  // status.hard is filled by the quota controller; spec.hard covers a quota it has not seen yet.
  const hard = quotaAmount(str(obj(status.hard)[key]) ?? str(obj(spec.hard)[key]), unit);
  if (hard === undefined) return undefined;
  return { used: quotaAmount(str(obj(status.used)[key]), unit) ?? 0, hard };
}

export function projectResourceQuota(raw: RawObject): ResourceQuotaView {
  const spec = obj(raw.spec);
  const status = obj(raw.status);
  return compact({
    metadata: namespaced(raw, { annotations: () => false }),
    cpu: quotaFigure(spec, status, 'requests.cpu', 'milli'),
    memory: quotaFigure(spec, status, 'requests.memory', 'bytes'),
    pods: quotaFigure(spec, status, 'pods', 'count'),
  });
}
