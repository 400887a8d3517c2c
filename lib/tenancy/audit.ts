import 'server-only';
// The audit trail: one AuditRecord per mutating action or kubeconfig download, per sign-in, per
// API token made or revoked, and per denied request or refused change, written by Cubby's
// service account into Cubby's namespace (tenants have no access there, so they cannot read or
// erase it), and read by admins newest first.
//
// Failure policy: an action's result reaches the user only after its record is stored.
//   - withAudit first writes the record as a dry run, which catches everything predictable (CRD
//     missing, RBAC, schema); if that fails the action is not performed (503 audit_failed,
//     "nothing was changed": the trail is unavailable, which is an outage, not a bad request).
//   - After the action, the real write. If it fails after a successful action, the caller gets
//     503 audit_failed saying that the action DID happen; for a kubeconfig download that means
//     the kubeconfig is withheld. If it fails after a failed action, the action's own error
//     wins (it is what the user must see) and the lost record is logged.
//   - Every record that cannot be stored is written to the server log as one bounded JSON line,
//     so it survives.
//
// Input cannot break recording: every field is cut to a length the AuditRecord schema accepts
// (a 1 MB vCluster name is recorded as its first 63 characters and a mark), so what a caller
// sends can never turn into an audit failure, and no log line or record is unbounded.
// Records that are not an action's own (denied requests, refused changes, sign-ins) go through
// recordQuietly: it never throws, and it is throttled per actor so a flood of bad requests
// cannot flood the trail (the next record that gets through says how many were dropped).
//
// Records are named so that the API server's key order is newest first: `a` + (10^13 - 1 -
// epoch ms), zero-padded, then generateName's random suffix. A limited LIST therefore returns
// the newest records without reading the whole trail.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { FIELD_MANAGER, type KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { collectionPath } from '@/lib/kube/resource-types';
import { isLabelValue } from '@/lib/vcluster/label-syntax';
import { CubbyResourceTypes } from './crds';
import { TenancyError, invalid } from './errors';
import { labelHash } from './label-hash';
import { CUBBY_API_VERSION, LABEL_MANAGED_BY, LABEL_TENANT, LABEL_VCLUSTER, MANAGED_BY_CUBBY } from './model';
import { cubbyNamespace } from './settings';
import { log } from '@/lib/observability/logger';
import { metrics } from '@/lib/observability/metrics';

export type AuditResult = 'success' | 'denied' | 'failed';
export const AUDIT_RESULTS: readonly AuditResult[] = ['success', 'denied', 'failed'];

export const LABEL_AUDIT_ACTOR = 'cubby.dev/actor-hash';
export const LABEL_AUDIT_ACTION = 'cubby.dev/action';
export const LABEL_AUDIT_RESULT = 'cubby.dev/result';

/** e.g. vcluster.create, vcluster.pause, kubeconfig.download, tenant.update, token.revoke */
const ACTION = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9-]*)+$/;
/** Lengths the AuditRecord schema (crds.ts) accepts; every field is cut to them. */
export const AUDIT_LIMITS = { user: 256, group: 256, groups: 100, name: 63, message: 4096 } as const;
/** What one lost record may put in the server log. */
const MAX_LOG_LINE = 8192;
const MAX_TIME = 10 ** 13 - 1;
export const MAX_AUDIT_LIST = 1000;

export interface AuditActor {
  user: string;
  groups?: readonly string[];
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  tenant?: string;
  vcluster?: string;
  result: AuditResult;
  message?: string;
  /** When it happened; now when omitted. */
  at?: Date | string;
}

export interface AuditRecord {
  id: string;
  actor: { user: string; groups: string[] };
  action: string;
  tenant?: string;
  vcluster?: string;
  result: AuditResult;
  message?: string;
  at: string;
}

export interface AuditOptions {
  /** Where records live; default CUBBY_NAMESPACE (cubby-system). */
  namespace?: string;
}

interface AuditObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string> };
  spec: Omit<AuditRecord, 'id'>;
}

/** A record that could not be stored; `actionPerformed` says whether the action happened. */
export class AuditFailedError extends TenancyError {
  constructor(
    message: string,
    readonly actionPerformed: boolean,
    cause: unknown,
  ) {
    super(503, 'audit_failed', message, undefined, { cause });
    this.name = 'AuditFailedError';
  }
}

function recordName(at: Date): string {
  return `a${String(MAX_TIME - at.getTime()).padStart(13, '0')}-`;
}

const MARK = '…';

/**
 * At most `max` characters (code points, as the API server counts them), the last one a mark
 * when something was cut. Lone surrogates and other control characters are not stripped: JSON
 * carries them, and a record shows what was sent.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('')}${MARK}`;
}

function cutGroups(groups: readonly string[] | undefined): string[] {
  const all = groups ?? [];
  const kept = all.slice(0, AUDIT_LIMITS.groups).map((group) => cutText(String(group), AUDIT_LIMITS.group));
  if (all.length > AUDIT_LIMITS.groups) kept[kept.length - 1] = `${MARK}and ${all.length - AUDIT_LIMITS.groups + 1} more`;
  return kept;
}

function toObject(entry: AuditEntry, namespace: string): AuditObject {
  if (!ACTION.test(entry.action) || entry.action.length > 63) {
    throw invalid(`audit action '${entry.action}' must look like 'vcluster.create' (at most 63 characters)`, 'action');
  }
  if (!AUDIT_RESULTS.includes(entry.result)) throw invalid(`audit result '${entry.result}' must be one of ${AUDIT_RESULTS.join(', ')}`, 'result');
  const at = entry.at === undefined ? new Date() : new Date(entry.at);
  if (Number.isNaN(at.getTime())) throw invalid(`audit time '${String(entry.at)}' is not a date`, 'at');
  const labels: Record<string, string> = {
    [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY,
    [LABEL_AUDIT_ACTOR]: labelHash(entry.actor.user),
    [LABEL_AUDIT_ACTION]: entry.action,
    [LABEL_AUDIT_RESULT]: entry.result,
  };
  // Names Cubby validated are label values; anything else is still recorded, just not indexed.
  if (entry.tenant && isLabelValue(entry.tenant)) labels[LABEL_TENANT] = entry.tenant;
  if (entry.vcluster && isLabelValue(entry.vcluster)) labels[LABEL_VCLUSTER] = entry.vcluster;
  const message = entry.message ? cutText(entry.message, AUDIT_LIMITS.message) : undefined;
  const tenant = entry.tenant ? cutText(entry.tenant, AUDIT_LIMITS.name) : undefined;
  const vcluster = entry.vcluster ? cutText(entry.vcluster, AUDIT_LIMITS.name) : undefined;
  return {
    apiVersion: CUBBY_API_VERSION,
    kind: CubbyResourceTypes.AuditRecord.kind,
    metadata: { generateName: recordName(at), namespace, labels },
    spec: {
      actor: { user: cutText(entry.actor.user, AUDIT_LIMITS.user), groups: cutGroups(entry.actor.groups) },
      action: entry.action,
      ...(tenant ? { tenant } : {}),
      ...(vcluster ? { vcluster } : {}),
      result: entry.result,
      ...(message ? { message } : {}),
      at: at.toISOString(),
    },
  };
}

function fromObject(object: AuditObject): AuditRecord {
  return { id: object.metadata.name ?? '', ...object.spec, actor: { user: object.spec.actor.user, groups: object.spec.actor.groups ?? [] } };
}

async function write(client: KubeClient, object: AuditObject, dryRun: boolean): Promise<AuditObject> {
  const namespace = object.metadata.namespace!;
  return client.request<AuditObject>({
    method: 'POST',
    path: collectionPath(CubbyResourceTypes.AuditRecord, namespace),
    query: { fieldManager: FIELD_MANAGER, dryRun: dryRun ? 'All' : undefined },
    body: object,
    ref: { kind: 'AuditRecord', namespace },
  });
}

/** The entry as it would have been stored (so cut), and why not, on one line of bounded length. */
function logLost(entry: AuditEntry, error: unknown): void {
  let record: unknown;
  try {
    record = toObject(entry, '-').spec;
  } catch {
    record = { action: cutText(String(entry.action), 100), result: entry.result };
  }
  const reason = cutText(String((error as Error)?.message ?? error), 1000);
  metrics().auditFailures.inc({ reason: cutText(String((error as { reason?: unknown })?.reason ?? 'error'), 40) });
  log.error({ component: 'audit', record: cutText(JSON.stringify(record), MAX_LOG_LINE), reason }, 'audit record NOT stored, kept here instead');
}

const recorded = new WeakSet<object>();

/** Whether withAudit has already recorded this error as the outcome of an action. */
export function wasRecorded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && recorded.has(error);
}

function markRecorded(error: unknown): void {
  if (typeof error === 'object' && error !== null) recorded.add(error);
}

/**
 * Stores one record with the client given (Cubby's service account). Throws AuditFailedError
 * (500 `audit_failed`, `actionPerformed` false: the caller decides what it means) when the
 * record cannot be stored, and logs the entry.
 */
export async function recordAudit(client: KubeClient, entry: AuditEntry, options: AuditOptions = {}): Promise<AuditRecord> {
  const object = toObject(entry, options.namespace ?? cubbyNamespace());
  try {
    return fromObject(await write(client, object, false));
  } catch (error) {
    logLost(entry, error);
    throw new AuditFailedError(`The audit record for '${entry.action}' could not be stored: ${(error as Error).message}`, false, error);
  }
}

/** Which result a failed action is recorded with. */
export function auditResultOf(error: unknown): AuditResult {
  const status = (error as { status?: unknown })?.status;
  return status === 401 || status === 403 ? 'denied' : 'failed';
}

export interface WithAuditOptions extends AuditOptions {
  /** Overrides auditResultOf, e.g. to count a 404 from an access check as 'denied'. */
  classify?: (error: unknown) => AuditResult;
}

/**
 * Runs `action` under the failure policy at the top of this file and returns its value only
 * once the record is stored.
 */
export async function withAudit<T>(
  client: KubeClient,
  entry: Omit<AuditEntry, 'result' | 'at'>,
  action: () => Promise<T>,
  options: WithAuditOptions = {},
): Promise<T> {
  const namespace = options.namespace ?? cubbyNamespace();
  try {
    await write(client, toObject({ ...entry, result: 'success' }, namespace), true);
  } catch (error) {
    if (error instanceof TenancyError) throw error;
    logLost({ ...entry, result: 'failed', message: 'not performed: audit trail unavailable' }, error);
    throw new AuditFailedError(
      `'${entry.action}' was not performed: the audit trail cannot be written (${(error as Error).message}).`,
      false,
      error,
    );
  }
  let value: T;
  try {
    value = await action();
  } catch (error) {
    const result = (options.classify ?? auditResultOf)(error);
    await recordAudit(client, { ...entry, result, message: (error as Error)?.message ?? String(error) }, { namespace }).catch(() => undefined);
    markRecorded(error);
    throw error;
  }
  try {
    await recordAudit(client, { ...entry, result: 'success' }, { namespace });
  } catch (error) {
    throw new AuditFailedError(
      `'${entry.action}' was performed, but its audit record could not be stored (${(error as Error).message}); the server log has it.`,
      true,
      error,
    );
  }
  return value;
}

/** How many records of one kind one actor may add per minute through recordQuietly. */
export const QUIET_RECORDS_PER_MINUTE = 30;
const quietBudget = new RateLimiterMemory({ points: QUIET_RECORDS_PER_MINUTE, duration: 60 });
/** Dropped records per throttle key, told in the next record that gets through. */
const dropped = new Map<string, number>();
const MAX_DROPPED_KEYS = 10_000;

export interface QuietOptions extends AuditOptions {
  /** Records with the same key share one budget; default actor and action. */
  throttleKey?: string;
}

/**
 * Records an entry that is not the outcome of an action withAudit guards: a denied request, a
 * refused change, a sign-in. Never throws and never delays the answer by more than the write
 * itself; a record that cannot be stored is logged (bounded), one over the actor's budget is
 * counted and mentioned in the next one stored.
 */
export async function recordQuietly(client: KubeClient, entry: AuditEntry, options: QuietOptions = {}): Promise<void> {
  const key = options.throttleKey ?? `${labelHash(entry.actor.user)}:${entry.action}`;
  try {
    await quietBudget.consume(key);
  } catch {
    if (dropped.size >= MAX_DROPPED_KEYS && !dropped.has(key)) dropped.clear();
    dropped.set(key, (dropped.get(key) ?? 0) + 1);
    return;
  }
  const lost = dropped.get(key) ?? 0;
  dropped.delete(key);
  const note = lost > 0 ? ` (${lost} similar record${lost === 1 ? ' was' : 's were'} dropped: over ${QUIET_RECORDS_PER_MINUTE} a minute)` : '';
  const message = note ? `${cutText(entry.message ?? '', AUDIT_LIMITS.message - note.length)}${note}` : entry.message;
  try {
    await recordAudit(client, { ...entry, message }, options);
  } catch {
    // recordAudit has logged it.
  }
}

export interface AuditFilter {
  tenant?: string;
  /** The user name (matched exactly; the label only narrows the LIST). */
  actor?: string;
  action?: string;
  vcluster?: string;
  result?: AuditResult;
  /** Only records at or after this time. */
  since?: Date | string;
  /** At most this many records (default 100, at most 1000). */
  limit?: number;
}

interface AuditList {
  items: AuditObject[];
  metadata: { continue?: string };
}

/** Records matching every given field, newest first. */
export async function listAudit(client: KubeClient, filter: AuditFilter = {}, options: AuditOptions = {}): Promise<AuditRecord[]> {
  const namespace = options.namespace ?? cubbyNamespace();
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), MAX_AUDIT_LIST);
  const since = filter.since === undefined ? undefined : new Date(filter.since);
  if (since && Number.isNaN(since.getTime())) throw invalid(`since '${String(filter.since)}' is not a date`, 'since');
  if (filter.result && !AUDIT_RESULTS.includes(filter.result)) throw invalid(`result must be one of ${AUDIT_RESULTS.join(', ')}`, 'result');

  const selector: string[] = [];
  const exact = (label: string, value: string | undefined, field: string) => {
    if (value === undefined) return;
    // A value no label can hold matches no record (every stored one is indexed).
    if (!isLabelValue(value)) throw invalid(`${field} '${value}' cannot match any record`, field);
    selector.push(`${label}=${value}`);
  };
  exact(LABEL_TENANT, filter.tenant, 'tenant');
  exact(LABEL_VCLUSTER, filter.vcluster, 'vcluster');
  exact(LABEL_AUDIT_ACTION, filter.action, 'action');
  exact(LABEL_AUDIT_RESULT, filter.result, 'result');
  if (filter.actor !== undefined) selector.push(`${LABEL_AUDIT_ACTOR}=${labelHash(filter.actor)}`);

  const records: AuditRecord[] = [];
  let token: string | undefined;
  do {
    let page: AuditList;
    try {
      page = await client.list<AuditObject>(CubbyResourceTypes.AuditRecord, {
        namespace,
        labelSelector: selector.join(',') || undefined,
        limit,
        continue: token,
      });
    } catch (error) {
      if (error instanceof KubeError && error.status === 410) {
        // The continue token expired mid-read: what was read is still newest-first and correct.
        break;
      }
      throw error;
    }
    for (const object of page.items) {
      const record = fromObject(object);
      if (since && new Date(record.at) < since) return finish(records, limit);
      if (filter.actor !== undefined && record.actor.user !== filter.actor) continue;
      records.push(record);
      if (records.length >= limit) return finish(records, limit);
    }
    token = page.metadata.continue || undefined;
  } while (token);
  return finish(records, limit);
}

function finish(records: AuditRecord[], limit: number): AuditRecord[] {
  // Key order is already newest first; sorting again orders records from the same millisecond
  // and any written with an explicit past `at` consistently.
  return records.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id)).slice(0, limit);
}

