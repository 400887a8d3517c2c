import 'server-only';
// Run once when the server starts: say clearly which host Cubby talks to and whether it answers,
// install Cubby's custom resources there, and warm the host cache so that the first user after a
// restart finds it synced (/api/readyz answers 503 until then).
import { loadHostConfig } from '@/lib/kube/config';
import { checkHostReachable, hostClient } from '@/lib/kube/host-client';
import { ensureCubbyCrds } from '@/lib/tenancy/crds';
import { getHostCache } from '@/lib/vcluster/host-cache';
import { viewIndexOf } from '@/lib/api/vcluster-view-index';
import { errorFields, log } from '@/lib/observability/logger';
import { startSleepMode } from '@/lib/vcluster/sleep/sleep-mode';

export async function prepareHost(): Promise<void> {
  const config = loadHostConfig();
  try {
    const version = await checkHostReachable();
    log.info({ component: 'startup', server: config.server, source: config.source, kubernetes: version.gitVersion }, `host cluster ${config.server} (${config.source}), Kubernetes ${version.gitVersion}`);
    await ensureCubbyCrds(hostClient());
  } catch (error) {
    log.error({ component: 'startup', server: config.server, source: config.source, ...errorFields(error) }, 'the host cluster does not answer; pages and the API answer 503 until it does');
  } finally {
    warmHostCache();
    // Every replica competes for the sleep-mode Lease; CUBBY_SLEEP_MODE=off opts out.
    startSleepMode();
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
      const ms = Math.round(performance.now() - started);
      log.info({ component: 'startup', ms, vclusters: rows }, `host cache synced in ${ms} ms (${rows} vClusters)`);
    },
    (error: unknown) => log.error({ component: 'startup', ...errorFields(error) }, 'the host cache did not sync'),
  );
}
