// `npm run bench:sandbox`: what the sandbox costs. Prints the build time recorded when the
// binaries were built (or measures a cold build with --cold), the warm `up` time to Ready nodes
// over a few runs, and the resident memory of the sandbox's processes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down, ensureBinaries, up } from '../sandbox/host/host';
import { startSandboxDaemons } from '../sandbox/daemons';
import { treeRssMiB } from './process-memory';

process.env.CUBBY_SANDBOX_DIR ??= '.sandbox-bench';
const runs = Number(process.env.BENCH_RUNS ?? 3);

function du(path: string): string {
  try {
    return execFileSync('du', ['-sh', path], { encoding: 'utf8' }).split('\t')[0]!;
  } catch {
    return 'n/a';
  }
}

function coldBuildSeconds(): number {
  const scratch = mkdtempSync(join(tmpdir(), 'cubby-cold-build-'));
  try {
    const started = Date.now();
    execFileSync('bash', ['sandbox/build.sh'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CUBBY_SANDBOX_CACHE: join(scratch, 'bin'), GOCACHE: join(scratch, 'gocache') },
    });
    return (Date.now() - started) / 1000;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const binDir = ensureBinaries();
  const recorded = Number(readFileSync(join(binDir, '.build-seconds'), 'utf8'));
  console.log(`sandbox build (recorded when the cache was filled): ${recorded} s`);
  if (process.argv.includes('--cold')) console.log(`sandbox cold build (empty Go build cache, modules cached): ${coldBuildSeconds().toFixed(0)} s`);
  const goCache = execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim();
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  console.log(`disk: binaries ${du(binDir)}, Go build cache ${du(goCache)}, Go module cache ${du(modCache)}`);

  await down();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await up({ extraDaemons: startSandboxDaemons, log: () => undefined });
    times.push(result.seconds);
    if (i === runs - 1) {
      await new Promise((r) => setTimeout(r, 10_000));
      let total = 0;
      for (const p of result.state.processes) {
        const mib = treeRssMiB(p.pid);
        total += mib;
        console.log(`  rss ${p.name.padEnd(24)} ${mib.toFixed(0)} MiB`);
      }
      console.log(`sandbox resident memory, all processes, 10 s after up: ${total.toFixed(0)} MiB (target < 1536 MiB)`);
    }
    await down();
  }
  times.sort((a, b) => a - b);
  console.log(`warm sandbox:up to Ready nodes: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} s, runs ${times.map((t) => t.toFixed(1)).join(' ')} (target < 30 s)`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await down();
  process.exit(1);
});
