import { describe, expect, it } from 'vitest';
import { QUANTITY_PATTERN, addBytes, addCpu, formatBytes, isQuantity, quantityProblem, toMilli } from './quantity';

describe('quantities', () => {
  it.each(['1', '0', '500m', '1.5', '.5', '2.', '512Mi', '4Gi', '1e3', '1E-3', '2k', '3M', '100n', '5u'])('accepts %s', (text) => {
    expect(isQuantity(text)).toBe(true);
    expect(new RegExp(QUANTITY_PATTERN).test(text)).toBe(true);
  });

  it.each(['', '-1', '+1', '2 cores', '1gi', '1GiB', '1.2.3', 'Gi', '1e', ' 1', '1e99', 'x'.repeat(40)])('rejects %j with a reason', (text) => {
    expect(quantityProblem(text)).toBeTruthy();
  });

  it('keeps the CRD pattern and the checker in step', () => {
    for (const text of ['-1', '2 cores', '1gi', '1GiB', 'Gi']) expect(new RegExp(QUANTITY_PATTERN).test(text)).toBe(false);
  });

  it('converts exactly, rounding sub-milli amounts up', () => {
    expect(toMilli('1')).toBe(1000n);
    expect(toMilli('250m')).toBe(250n);
    expect(toMilli('1.5Gi')).toBe(1610612736000n);
    expect(toMilli('1e3')).toBe(1_000_000n);
    expect(toMilli('1n')).toBe(1n);
    expect(toMilli('0.0001')).toBe(1n);
  });

  it('adds CPU and memory and prints them like the API server', () => {
    expect(addCpu('2', '200m')).toBe('2200m');
    expect(addCpu('1.5', '500m')).toBe('2');
    expect(addBytes('4Gi', '256Mi')).toBe('4352Mi');
    expect(addBytes('1G', '0')).toBe('1000000000');
    expect(addBytes('1Gi', '1Gi')).toBe('2Gi');
    expect(formatBytes(0n)).toBe('0');
  });
});
