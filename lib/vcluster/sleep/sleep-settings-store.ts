import 'server-only';
// A tenant's sleep settings and "keep awake until" for one vCluster, written on its host
// namespace. Same two checks as every change: Cubby's (the template's bounds), then the host's
// RBAC for the real user (`update` on the vCluster, tenant-authorization.ts); then Cubby's own
// identity patches the annotations.
import type { V1Namespace } from '@kubernetes/client-node';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { Template } from '@/lib/tenancy/model';
import type { LifecycleDeps } from '@/lib/vcluster/lifecycle-deps';
import { VClusterError, deniedAsNotFound } from '@/lib/vcluster/lifecycle-error';
import { storedState } from '@/lib/vcluster/host-metadata';
import { authorizeTenant, type Actor } from '@/lib/vcluster/tenant-authorization';
import { resolveVCluster, type VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { checkSettings, SleepSettingsProblem, VClusterSleepSettingsSchema, type VClusterSleepSettings } from './sleep-policy';
import { ANNOTATION_KEEP_AWAKE_BY, ANNOTATION_KEEP_AWAKE_UNTIL, ANNOTATION_SLEEP_SETTINGS } from './sleep-state';

/** Keep awake for at most a day at a time: longer is "turn sleep off", which the settings say. */
export const MAX_KEEP_AWAKE_HOURS = 24;

export interface SleepSettingsInput {
  tenant: string;
  name: string;
  actor: Actor;
  /** The vCluster's template, whose policy bounds the settings (undefined: none offered). */
  template: Template | undefined;
  settings: unknown;
}

async function patchAnnotations(deps: LifecycleDeps, ref: VClusterRef, annotations: Record<string, string | null>): Promise<V1Namespace> {
  try {
    return await deps.client.patch<V1Namespace>(ResourceTypes.Namespace, ref.namespace, undefined, { metadata: { annotations } });
  } catch (error) {
    throw deniedAsNotFound(error, ref.tenant, ref.name);
  }
}

export async function setSleepSettings(deps: LifecycleDeps, input: SleepSettingsInput): Promise<{ ref: VClusterRef; settings: VClusterSleepSettings }> {
  const { ref, namespace } = await resolveVCluster(deps.client, input.tenant, input.name);
  await authorizeTenant(deps.client, input.actor, 'update', ref);
  if (storedState(namespace).terminating) throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is being deleted.`);
  const parsed = VClusterSleepSettingsSchema.safeParse(input.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VClusterError(400, 'invalid_input', `${issue.path.join('.') || 'settings'}: ${issue.message}`, { field: String(issue.path[0] ?? 'settings') });
  }
  try {
    checkSettings(input.template?.spec.sleep, parsed.data);
  } catch (error) {
    if (error instanceof SleepSettingsProblem) throw new VClusterError(400, 'invalid_input', error.message, { field: error.field });
    throw error;
  }
  const empty = parsed.data.afterIdleMinutes === undefined && parsed.data.schedule === undefined;
  await patchAnnotations(deps, ref, { [ANNOTATION_SLEEP_SETTINGS]: empty ? null : JSON.stringify(parsed.data) });
  return { ref, settings: parsed.data };
}

export interface KeepAwakeInput {
  tenant: string;
  name: string;
  actor: Actor;
  /** Hours from now; 0 ends keep-awake. */
  hours: unknown;
  by: string;
}

export async function setKeepAwake(deps: LifecycleDeps, input: KeepAwakeInput): Promise<{ ref: VClusterRef; until?: string }> {
  const hours = input.hours;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > MAX_KEEP_AWAKE_HOURS) {
    throw new VClusterError(400, 'invalid_input', `hours must be a number from 0 to ${MAX_KEEP_AWAKE_HOURS} (0 ends keep-awake)`, { field: 'hours' });
  }
  const { ref, namespace } = await resolveVCluster(deps.client, input.tenant, input.name);
  await authorizeTenant(deps.client, input.actor, 'update', ref);
  if (storedState(namespace).terminating) throw new VClusterError(409, 'being_deleted', `vCluster '${ref.name}' is being deleted.`);
  if (hours === 0) {
    await patchAnnotations(deps, ref, { [ANNOTATION_KEEP_AWAKE_UNTIL]: null, [ANNOTATION_KEEP_AWAKE_BY]: null });
    return { ref };
  }
  const now = (deps.now ?? (() => new Date()))();
  const until = new Date(now.getTime() + hours * 3600_000).toISOString();
  await patchAnnotations(deps, ref, { [ANNOTATION_KEEP_AWAKE_UNTIL]: until, [ANNOTATION_KEEP_AWAKE_BY]: input.by });
  return { ref, until };
}
