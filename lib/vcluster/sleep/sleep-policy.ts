// Sleep policy: what a template allows and what a tenant chose for one vCluster.
//
// The template (admin) sets defaults and bounds in `spec.sleep`; the tenant sets, within them,
// per vCluster: sleep after N minutes idle (or never, if the template allows it) and/or a weekly
// schedule. "Keep awake until" (sleep-state.ts) overrides both. A template without `sleep` offers
// no sleep mode: its vClusters never sleep. Settings are checked when the tenant saves them and
// clamped again whenever they are used, because the admin may narrow the template later.
import { z } from 'zod';
import { WeeklyScheduleSchema, type WeeklySchedule } from './weekly-schedule';

/** A week: longer idle times are "never" in all but name. */
export const MAX_IDLE_MINUTES = 7 * 24 * 60;

export interface IdleBounds {
  /** Minutes a new vCluster gets; absent means "never" by default (needs `allowNever`). */
  default?: number;
  min: number;
  max: number;
}

export interface TemplateSleepPolicy {
  /** Sleep after this many minutes without activity; absent: idle sleep is not offered. */
  afterIdleMinutes?: IdleBounds;
  /** Whether a tenant may turn idle sleep off for a vCluster. */
  allowNever?: boolean;
  /** The schedule new vClusters get; none when absent. */
  schedule?: WeeklySchedule;
  /** Whether tenants may change idle time (within the bounds) and schedule per vCluster. */
  allowTenantChange?: boolean;
}

const minutes = (what: string) =>
  z.int(`${what} must be a whole number of minutes`).min(1, `${what} must be at least 1 minute`).max(MAX_IDLE_MINUTES, `${what} must be at most ${MAX_IDLE_MINUTES} minutes (a week)`);

export const IdleBoundsSchema = z
  .strictObject({ default: minutes('afterIdleMinutes.default').optional(), min: minutes('afterIdleMinutes.min'), max: minutes('afterIdleMinutes.max') })
  .refine((b) => b.min <= b.max, { message: 'afterIdleMinutes.min must not be above max', path: ['min'] })
  .refine((b) => b.default === undefined || (b.default >= b.min && b.default <= b.max), { message: 'afterIdleMinutes.default must be between min and max', path: ['default'] });

export const TemplateSleepPolicySchema = z
  .strictObject({
    afterIdleMinutes: IdleBoundsSchema.optional(),
    allowNever: z.boolean().optional(),
    schedule: WeeklyScheduleSchema.optional(),
    allowTenantChange: z.boolean().optional(),
  })
  .refine((p) => !p.afterIdleMinutes || p.afterIdleMinutes.default !== undefined || p.allowNever === true, {
    message: 'without afterIdleMinutes.default the default is "never", which needs allowNever: true',
    path: ['afterIdleMinutes', 'default'],
  });

/** What a tenant stores for one vCluster; an absent field means "the template's default". */
export interface VClusterSleepSettings {
  /** Minutes idle before sleeping; null: never on idle. */
  afterIdleMinutes?: number | null;
  /** Weekly schedule; null: no schedule. */
  schedule?: WeeklySchedule | null;
}

export const VClusterSleepSettingsSchema = z.strictObject({
  afterIdleMinutes: z.union([minutes('afterIdleMinutes'), z.null()]).optional(),
  schedule: z.union([WeeklyScheduleSchema, z.null()]).optional(),
});

/** What applies to a vCluster now. */
export interface EffectiveSleep {
  /** Undefined: never sleeps on idle. */
  afterIdleMinutes?: number;
  schedule?: WeeklySchedule;
}

export class SleepSettingsProblem extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SleepSettingsProblem';
  }
}

/**
 * Checks what a tenant asks for against the template; throws a SleepSettingsProblem naming the
 * field otherwise. `undefined` fields are defaults and always allowed.
 */
export function checkSettings(policy: TemplateSleepPolicy | undefined, settings: VClusterSleepSettings): void {
  const changes = settings.afterIdleMinutes !== undefined || settings.schedule !== undefined;
  if (!changes) return;
  if (!policy) throw new SleepSettingsProblem("this vCluster's template offers no sleep mode", 'afterIdleMinutes');
  if (!policy.allowTenantChange) throw new SleepSettingsProblem("this vCluster's template does not let tenants change sleep settings", 'afterIdleMinutes');
  const idle = settings.afterIdleMinutes;
  if (idle === null && !policy.allowNever) throw new SleepSettingsProblem('the template does not allow "never": choose a number of minutes', 'afterIdleMinutes');
  if (typeof idle === 'number') {
    const bounds = policy.afterIdleMinutes;
    if (!bounds) throw new SleepSettingsProblem("the template offers no sleep after idle time; use a schedule", 'afterIdleMinutes');
    if (idle < bounds.min || idle > bounds.max) {
      throw new SleepSettingsProblem(`afterIdleMinutes must be between ${bounds.min} and ${bounds.max} minutes for this template`, 'afterIdleMinutes');
    }
  }
}

/** The settings in effect: the tenant's choice where the template (still) allows it, else its default. */
export function effectiveSleep(policy: TemplateSleepPolicy | undefined, settings: VClusterSleepSettings | undefined): EffectiveSleep {
  if (!policy) return {};
  const own = policy.allowTenantChange ? (settings ?? {}) : {};
  const out: EffectiveSleep = {};
  const bounds = policy.afterIdleMinutes;
  let idle: number | null | undefined = own.afterIdleMinutes === undefined ? bounds?.default : own.afterIdleMinutes;
  if (idle === null && !policy.allowNever) idle = bounds?.default ?? bounds?.max;
  if (typeof idle === 'number' && bounds) out.afterIdleMinutes = Math.min(bounds.max, Math.max(bounds.min, idle));
  const schedule = own.schedule === undefined ? policy.schedule : own.schedule;
  if (schedule) out.schedule = schedule;
  return out;
}
