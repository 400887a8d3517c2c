import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit tests (`*.test.ts`) stub at most a function; integration tests (`*.int.test.ts`) talk to
// the sandbox's real API server, found through CUBBY_SANDBOX_DIR (see sandbox/testing.ts).
export default defineConfig({
  resolve: {
    alias: {
      '@': resolve(__dirname),
      // Tests run on the server side; the marker package only throws outside React Server builds.
      'server-only': resolve(__dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{lib,sandbox,app,components,deploy,scripts}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{lib,sandbox,app}/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One shared host cluster on 2 cores: files run one after another.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
