/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Kubernetes client is Node-only and loads optional native pieces at run time.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  poweredByHeader: false,
  // Lets several builds of the same tree live side by side (parallel test runs).
  distDir: process.env.CUBBY_NEXT_DIST_DIR || '.next',
  // `<distDir>/standalone`: server.js plus only the traced node_modules; the image ships it and
  // the tests serve it (sandbox/dashboard.ts). `npm run build` then adds what Next leaves out
  // (static files, public/, the helm post-renderer) and removes what it copies by mistake
  // (scripts/standalone.ts completeStandalone).
  output: 'standalone',
  // Pinned to this directory: Next otherwise guesses the root from lockfiles further up, and
  // server.js would then sit deeper inside standalone/ than the Dockerfile expects.
  outputFileTracingRoot: __dirname,
};

module.exports = nextConfig;
