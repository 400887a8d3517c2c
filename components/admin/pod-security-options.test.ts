import { describe, expect, it } from 'vitest';
import { DEFAULT_POD_SECURITY_LEVEL, POD_SECURITY_DESCRIPTIONS, POD_SECURITY_LEVELS } from '@/lib/tenancy/pod-security';
import { DEFAULT_LEVEL, effectiveLevel, POD_SECURITY_CHOICES, podSecurityChoice } from './pod-security-options';

describe('POD_SECURITY_CHOICES', () => {
  it('offers every level once, in the order of POD_SECURITY_LEVELS, with its description', () => {
    expect(POD_SECURITY_CHOICES.map((c) => c.level)).toEqual([...POD_SECURITY_LEVELS]);
    for (const choice of POD_SECURITY_CHOICES) expect(choice.description).toBe(POD_SECURITY_DESCRIPTIONS[choice.level]);
  });

  it('warns about privileged only', () => {
    expect(POD_SECURITY_CHOICES.filter((c) => c.warning).map((c) => c.level)).toEqual(['privileged']);
  });

  it('defaults as the API does', () => {
    expect(DEFAULT_LEVEL).toBe(DEFAULT_POD_SECURITY_LEVEL);
    expect(effectiveLevel(undefined)).toBe('baseline');
    expect(effectiveLevel('restricted')).toBe('restricted');
    expect(podSecurityChoice(undefined).level).toBe('baseline');
    expect(podSecurityChoice('privileged').warning).toBeTruthy();
  });
});
