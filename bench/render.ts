// `helm template` of the vCluster chart as Cubby runs it (lib/vcluster/chart-render.ts): median
// and p95 over repeated renders of the chart the sandbox uses (CUBBY_CHART_DIR to try another).
import { join } from 'node:path';
import { renderChart } from '../lib/vcluster/chart-render';
import { chartSettingsFromEnv } from '../lib/vcluster/chart-source';
import { findHelmBinary } from '../sandbox/charts/helm-binary';

async function main(): Promise<void> {
  const settings = chartSettingsFromEnv({
    ...process.env,
    CUBBY_CHART_DIR: process.env.CUBBY_CHART_DIR ?? join(__dirname, '..', 'sandbox', 'charts', 'vcluster'),
    CUBBY_HELM_BIN: process.env.CUBBY_HELM_BIN ?? findHelmBinary(),
  });
  const runs = Number(process.env.BENCH_RUNS ?? 30);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await renderChart({ release: `bench-${i}`, namespace: 'bench', values: { sync: { toHost: { ingresses: { enabled: i % 2 === 0 } } } } }, settings);
    times.push(result.durationMs);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(`helm template (${runs} renders of ${settings.source.kind === 'directory' ? settings.source.path : 'the configured chart'}): median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
