/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Kubernetes client is Node-only and loads optional native pieces at run time.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  poweredByHeader: false,
  // Lets several builds of the same tree live side by side (parallel test runs).
  distDir: process.env.CUBBY_NEXT_DIST_DIR || '.next',
};

module.exports = nextConfig;
