// The second half of `npm run build` (after next build): completes the standalone output so that
// it runs on its own; the image ships that directory and the tests serve it (scripts/standalone.ts).
import { resolve } from 'node:path';
import { completeStandalone } from './standalone';

try {
  for (const line of completeStandalone(resolve(__dirname, '..'))) console.log(`standalone: ${line}`);
} catch (error) {
  console.error(`standalone: ${(error as Error).message}`);
  process.exit(1);
}
