export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareHost } = await import('./lib/startup');
  await prepareHost();
}
