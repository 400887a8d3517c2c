import 'server-only';
// Run once when the server starts: say clearly which host Cubby talks to and whether it answers,
// and install Cubby's custom resources there.
import { loadHostConfig } from '@/lib/kube/config';
import { checkHostReachable, hostClient } from '@/lib/kube/host-client';
import { ensureCubbyCrds } from '@/lib/tenancy/crds';

export async function prepareHost(): Promise<void> {
  const config = loadHostConfig();
  try {
    const version = await checkHostReachable();
    console.log(`cubby: host cluster ${config.server} (${config.source}), Kubernetes ${version.gitVersion}`);
  } catch (error) {
    console.error(`cubby: the host cluster at ${config.server} (${config.source}) does not answer: ${(error as Error).message}. Pages and the API answer 503 until it does.`);
    return;
  }
  await ensureCubbyCrds(hostClient());
}
