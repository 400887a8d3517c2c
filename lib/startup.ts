import 'server-only';
// Run once when the server starts: say clearly which host Cubby talks to and whether it answers,
// install Cubby's custom resources there, and warm the host cache so that the first user after a
// restart finds it synced (/api/readyz answers 503 until then).
import { loadHostConfig } from '@/lib/kube/config';
import { checkHostReachable, hostClient } from '@/lib/kube/host-client';
import { ensureCubbyCrds } from '@/lib/tenancy/crds';
import { getHostCache } from '@/lib/vcluster/host-cache';
import { viewIndexOf } from '@/lib/api/vcluster-view-index';

export async function prepareHost(): Promise<void> {
  const config = loadHostConfig();
  try {
    const version = await checkHostReachable();
    console.log(`cubby: host cluster ${config.server} (${config.source}), Kubernetes ${version.gitVersion}`);
    await ensureCubbyCrds(hostClient());
  } catch (error) {
    console.error(`cubby: the host cluster at ${config.server} (${config.source}) does not answer: ${(error as Error).message}. Pages and the API answer 503 until it does.`);
  } finally {
    warmHostCache();
  }
}

/** Starts the informers without waiting (the server answers probes meanwhile), then the rows. */
export function warmHostCache(): void {
  const started = performance.now();
  const cache = getHostCache();
  // Subscribed before the first list lands, so every object reaches the index as it arrives.
  const index = viewIndexOf(cache);
  cache.ready().then(
    () => {
      const rows = index.all().length;
      console.log(`cubby: host cache synced in ${Math.round(performance.now() - started)} ms (${rows} vClusters)`);
    },
    (error: unknown) => console.error(`cubby: the host cache did not sync: ${(error as Error).message}`),
  );
}
