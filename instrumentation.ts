export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before any request: the TCP peer decides whether X-Forwarded-* headers count.
  const { installPeerAddressHook } = await import('./lib/auth/peer-address-hook');
  installPeerAddressHook();
  // Before any request too: /kube/TENANT/NAME is each vCluster's API (lib/gateway).
  const { installGateway } = await import('./lib/gateway/install-gateway');
  const { processGateway } = await import('./lib/gateway/gateway');
  installGateway(processGateway);
  const { prepareHost } = await import('./lib/startup');
  await prepareHost();
}
