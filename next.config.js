/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Kubernetes client is Node-only and loads optional native pieces at run time.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  poweredByHeader: false,
  // Lets several builds of the same tree live side by side (parallel test runs).
  distDir: process.env.CUBBY_NEXT_DIST_DIR || '.next',
  // `<distDir>/standalone`: server.js plus only the traced node_modules; the image ships it and
  // the tests serve it (sandbox/dashboard.ts). `npm run build` then copies what Next leaves out
  // (static files, public/, the helm post-renderer: scripts/standalone-assets.mjs).
  output: 'standalone',
  // Pinned to this directory: Next otherwise guesses the root from lockfiles further up, and
  // server.js would then sit deeper inside standalone/ than the Dockerfile expects.
  outputFileTracingRoot: __dirname,
  // Two paths built at run time (lib/vcluster/chart-source.ts, helm-release.ts) make Turbopack
  // trace the whole project into the output (its "Dynamic filesystem access" warning). The server
  // runs the compiled build, never these sources: keep them, and the repo's other files, out.
  outputFileTracingExcludes: {
    '/*': [
      './{app,bench,components,deploy,e2e,lib,sandbox,scripts}/**',
      './{README.md,package-lock.json,tsconfig.json,tsconfig.tsbuildinfo,instrumentation.ts,next.config.js}',
      './{vitest,playwright}.config.ts',
      './postcss.config.mjs',
    ],
  },
};

module.exports = nextConfig;
