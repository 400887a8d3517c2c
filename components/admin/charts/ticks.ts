// Axis ticks for the admin charts.

export type TickMode = 'decimal' | 'integer' | 'binary';

/** 0 and about four round steps up to at least `max` (powers of two of Ki/Mi/Gi for bytes). */
export function niceTicks(max: number, mode: TickMode = 'decimal'): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 4;
  let step: number;
  if (mode === 'binary') {
    const unit = 1024 ** Math.max(0, Math.floor(Math.log(rough) / Math.log(1024)));
    step = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024].map((m) => m * unit).find((s) => s >= rough) ?? rough;
  } else {
    const magnitude = 10 ** Math.floor(Math.log10(rough));
    step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough && (mode !== 'integer' || Number.isInteger(s))) ?? Math.max(1, Math.ceil(rough));
  }
  const ticks: number[] = [];
  for (let t = 0; t < max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}
