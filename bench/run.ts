// `npm run bench`: every benchmark, one after another (they share 2 cores), figures printed.
// `npm run bench -- --size 200x2000` passes the size to bench/scale.ts (default 2000x50000);
// `--namespaces 500` to bench/namespaced-secrets.ts (default 2000). Each ignores the other's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['sandbox.ts', 'vcluster-runtime.ts', 'informer.ts', 'namespaced-secrets.ts', 'render.ts', 'pages.ts', 'gateway.ts', 'scale.ts'];
const scaleArgs = process.argv.slice(2);
let failed = 0;
for (const bench of benches) {
  const path = join(__dirname, bench);
  if (!existsSync(path)) continue;
  console.log(`\n== bench/${bench}`);
  try {
    execFileSync(process.execPath, [join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', path, ...(bench === 'scale.ts' || bench === 'namespaced-secrets.ts' ? scaleArgs : [])], { stdio: 'inherit' });
  } catch {
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
