// The events of a vCluster's host namespace as rows, newest first, warnings flagged: the place a
// tenant sees why the control plane is stuck (an unbound PVC, a quota refusing the pod) instead
// of a bare "Pending". Pure: the HTTP layer feeds it events from the informer cache.
import { virtualObjectRef } from './host-object-name';
import { timeOf } from './pod-status';
import type { EventLike } from './status';

export interface EventRowInput extends EventLike {
  metadata?: { name?: string; uid?: string; creationTimestamp?: Date | string };
  involvedObject: EventLike['involvedObject'] & { namespace?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

export interface EventObjectMeta {
  name?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface EventRow {
  /** Stable key for lists: the event's uid, or its name. */
  id: string;
  type: string;
  warning: boolean;
  reason: string;
  message: string;
  /** `Kind/name` of the object the event is about. */
  object: string;
  kind: string;
  name: string;
  /** The name inside the vCluster, when the object is a synced one the caller could resolve. */
  virtualName?: string;
  virtualNamespace?: string;
  count: number;
  /** ISO 8601: the most recent occurrence, and the first one. */
  lastSeen?: string;
  firstSeen?: string;
  source?: string;
}

export interface EventRowsOptions {
  /** Host objects by `Kind/name`, to show a synced object's virtual name. */
  objects?: ReadonlyMap<string, EventObjectMeta>;
  limit?: number;
}

export function eventRows(events: readonly EventRowInput[], options: EventRowsOptions = {}): EventRow[] {
  const rows = events.map((event) => {
    const kind = event.involvedObject.kind ?? '';
    const name = event.involvedObject.name ?? '';
    const last = lastTime(event);
    const first = timeOf(event.firstTimestamp) ?? timeOf(event.eventTime) ?? timeOf(event.metadata?.creationTimestamp);
    const row: EventRow = {
      id: event.metadata?.uid ?? event.metadata?.name ?? `${kind}/${name}/${event.reason ?? ''}/${last ?? ''}`,
      type: event.type ?? 'Normal',
      warning: event.type === 'Warning',
      reason: event.reason ?? '',
      message: (event.message ?? '').trim(),
      object: `${kind}/${name}`,
      kind,
      name,
      count: event.series?.count ?? event.count ?? 1,
    };
    const virtual = virtualObjectRef(options.objects?.get(`${kind}/${name}`));
    if (virtual) {
      row.virtualName = virtual.name;
      row.virtualNamespace = virtual.namespace;
    }
    if (last !== undefined) row.lastSeen = new Date(last).toISOString();
    if (first !== undefined) row.firstSeen = new Date(first).toISOString();
    const source = event.reportingComponent || event.source?.component;
    if (source) row.source = source;
    return { row, at: last ?? -Infinity };
  });
  rows.sort((a, b) => b.at - a.at || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  const sorted = rows.map((entry) => entry.row);
  return options.limit === undefined ? sorted : sorted.slice(0, options.limit);
}

/** The most recent occurrence: series time, then lastTimestamp, eventTime, firstTimestamp, creation. */
function lastTime(event: EventRowInput): number | undefined {
  return (
    timeOf(event.series?.lastObservedTime) ??
    timeOf(event.lastTimestamp) ??
    timeOf(event.eventTime) ??
    timeOf(event.firstTimestamp) ??
    timeOf(event.metadata?.creationTimestamp)
  );
}
