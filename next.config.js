/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Kubernetes client is Node-only and loads optional native pieces at run time.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
};

module.exports = nextConfig;
