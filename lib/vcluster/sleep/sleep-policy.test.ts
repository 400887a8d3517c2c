import { describe, expect, it } from 'vitest';
import { checkSettings, effectiveSleep, SleepSettingsProblem, TemplateSleepPolicySchema, VClusterSleepSettingsSchema, type TemplateSleepPolicy } from './sleep-policy';

const schedule = { timeZone: 'UTC', windows: [{ days: ['sat' as const, 'sun' as const], from: '00:00', to: '24:00' }] };
const policy: TemplateSleepPolicy = { afterIdleMinutes: { default: 60, min: 15, max: 240 }, allowNever: false, schedule, allowTenantChange: true };

describe('template sleep policy', () => {
  it('accepts defaults within bounds and refuses the rest', () => {
    expect(TemplateSleepPolicySchema.safeParse(policy).success).toBe(true);
    expect(TemplateSleepPolicySchema.safeParse({ afterIdleMinutes: { default: 5, min: 15, max: 240 } }).success).toBe(false);
    expect(TemplateSleepPolicySchema.safeParse({ afterIdleMinutes: { min: 300, max: 240 } }).success).toBe(false);
    expect(TemplateSleepPolicySchema.safeParse({ afterIdleMinutes: { min: 15, max: 240 } }).success).toBe(false);
    expect(TemplateSleepPolicySchema.safeParse({ afterIdleMinutes: { min: 15, max: 240 }, allowNever: true }).success).toBe(true);
    expect(TemplateSleepPolicySchema.safeParse({ afterIdleMinutes: { default: 1.5, min: 1, max: 2 } }).success).toBe(false);
    expect(TemplateSleepPolicySchema.safeParse({ idle: 3 }).success).toBe(false);
  });
});

describe('tenant sleep settings', () => {
  it('are checked against the template', () => {
    expect(() => checkSettings(policy, { afterIdleMinutes: 30 })).not.toThrow();
    expect(() => checkSettings(policy, { afterIdleMinutes: 5 })).toThrow(/between 15 and 240/);
    expect(() => checkSettings(policy, { afterIdleMinutes: null })).toThrow(SleepSettingsProblem);
    expect(() => checkSettings({ ...policy, allowTenantChange: false }, { schedule: null })).toThrow(/does not let tenants/);
    expect(() => checkSettings(undefined, { afterIdleMinutes: 30 })).toThrow(/no sleep mode/);
    expect(() => checkSettings(undefined, {})).not.toThrow();
    expect(VClusterSleepSettingsSchema.safeParse({ afterIdleMinutes: 0 }).success).toBe(false);
    expect(VClusterSleepSettingsSchema.safeParse({ afterIdleMinutes: null, schedule: null }).success).toBe(true);
  });

  it('fall back to the defaults and are clamped to bounds narrowed later', () => {
    expect(effectiveSleep(policy, undefined)).toEqual({ afterIdleMinutes: 60, schedule });
    expect(effectiveSleep(policy, { afterIdleMinutes: 30, schedule: null })).toEqual({ afterIdleMinutes: 30 });
    expect(effectiveSleep({ ...policy, afterIdleMinutes: { default: 60, min: 45, max: 90 } }, { afterIdleMinutes: 30 })).toEqual({ afterIdleMinutes: 45, schedule });
    expect(effectiveSleep({ ...policy, allowTenantChange: false }, { afterIdleMinutes: 30 })).toEqual({ afterIdleMinutes: 60, schedule });
    expect(effectiveSleep({ ...policy, allowNever: true }, { afterIdleMinutes: null })).toEqual({ schedule });
    expect(effectiveSleep(undefined, { afterIdleMinutes: 30 })).toEqual({});
  });
});
