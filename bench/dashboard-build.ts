// `npm run build` (next build plus the standalone copy step that `sandbox/cli.ts serve` runs)
// into a dist directory of the bench's own, unless `skip` and one is there already. `next build`
// rewrites tsconfig.json; it is put back as it was.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

export function buildDashboard(dist: string, skip = false): void {
  if (skip && existsSync(join(root, dist))) return;
  const started = Date.now();
  const tsconfigPath = join(root, 'tsconfig.json');
  const tsconfig = readFileSync(tsconfigPath, 'utf8');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CUBBY_NEXT_DIST_DIR: dist } });
  } finally {
    if (readFileSync(tsconfigPath, 'utf8') !== tsconfig) writeFileSync(tsconfigPath, tsconfig);
  }
  console.log(`build: ${((Date.now() - started) / 1000).toFixed(0)} s (${dist})`);
}
