import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, percent, relativeTime } from './format';

describe('format', () => {
  it('shows CPU as millicores below a core, cores above', () => {
    expect(formatCores(0)).toBe('0');
    expect(formatCores(240)).toBe('240m');
    expect(formatCores(8000)).toBe('8');
    expect(formatCores(8200)).toBe('8.2');
    expect(formatCores(1250)).toBe('1.25');
  });

  it('shows memory in binary units', () => {
    expect(formatBytes(256 * 1024 ** 2)).toBe('256 Mi');
    expect(formatBytes(16.25 * 1024 ** 3)).toBe('16.3 Gi');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 Gi');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('has no percentage without a limit', () => {
    expect(percent(1, 4)).toBe(25);
    expect(percent(1, undefined)).toBeUndefined();
    expect(percent(1, 0)).toBeUndefined();
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relativeTime('2026-01-01T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-01-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime(undefined, now)).toBe('—');
  });
});
