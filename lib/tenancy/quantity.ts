// Kubernetes resource quantities ("500m", "2", "1.5Gi", "1e3"): checked before they reach the API
// server (so a bad quota is a 400 naming the field, not a failed apply later), and added up
// exactly, because the control plane's share is added on top of a tenant's quota.
//
// Amounts are kept as BigInt thousandths ("milli-units"), rounded up like the API server rounds
// sub-milli values, so "0.1Gi" + "200m" arithmetic never drifts the way floats would.

const QUANTITY = /^(?<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?<suffix>[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The same grammar for a CRD `pattern` (non-negative amounts only). */
export const QUANTITY_PATTERN = '^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$';

/** Longer strings cannot be sensible quotas and would make exponents expensive. */
const MAX_QUANTITY_LENGTH = 32;
const MAX_EXPONENT = 24;

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Why `text` is not a non-negative quantity, or undefined when it is one. */
export function quantityProblem(text: string): string | undefined {
  const hint = 'use a number with an optional suffix, e.g. 500m, 2, 512Mi, 4Gi';
  if (text.length === 0) return `an empty string is not a quantity; ${hint}`;
  if (text.length > MAX_QUANTITY_LENGTH) return `'${text}' is too long for a quantity`;
  const match = QUANTITY.exec(text);
  if (!match) return `'${text}' is not a Kubernetes quantity; ${hint}`;
  const suffix = match.groups?.suffix ?? '';
  if (/^[eE]/.test(suffix) && Math.abs(Number(suffix.slice(1))) > MAX_EXPONENT) {
    return `'${text}' has an exponent outside ±${MAX_EXPONENT}`;
  }
  return undefined;
}

export function isQuantity(text: string): boolean {
  return quantityProblem(text) === undefined;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** The amount in thousandths of the base unit (millicores for CPU), rounded up. */
export function toMilli(text: string): bigint {
  const problem = quantityProblem(text);
  if (problem) throw new Error(problem);
  const { number = '', suffix = '' } = QUANTITY.exec(text)!.groups ?? {};
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0') * 1000n;
  let denominator = pow10(fraction.length);
  if (suffix in BINARY) {
    numerator *= BINARY[suffix]!;
  } else {
    const exponent = /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : DECIMAL[suffix]!;
    if (exponent >= 0) numerator *= pow10(exponent);
    else denominator *= pow10(-exponent);
  }
  return ceilDiv(numerator, denominator);
}

/** CPU as the API server prints it: whole cores when exact, otherwise millicores. */
export function formatCpu(milli: bigint): string {
  return milli % 1000n === 0n ? String(milli / 1000n) : `${milli}m`;
}

/** Bytes with the largest binary suffix that keeps the amount exact. */
export function formatBytes(milli: bigint): string {
  const bytes = ceilDiv(milli, 1000n);
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY[suffix]!;
    if (bytes !== 0n && bytes % unit === 0n) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

export function addCpu(...amounts: string[]): string {
  return formatCpu(amounts.reduce((sum, a) => sum + toMilli(a), 0n));
}

export function addBytes(...amounts: string[]): string {
  return formatBytes(amounts.reduce((sum, a) => sum + toMilli(a), 0n));
}
