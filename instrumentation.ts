export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before any request: the TCP peer decides whether X-Forwarded-* headers count.
  const { installPeerAddressHook } = await import('./lib/auth/peer-address-hook');
  installPeerAddressHook();
  const { prepareHost } = await import('./lib/startup');
  await prepareHost();
}
