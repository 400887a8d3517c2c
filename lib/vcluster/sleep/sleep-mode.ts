import 'server-only';
// The process's sleep controller, started once at boot (lib/startup.ts) unless
// CUBBY_SLEEP_MODE=off. Every replica starts one; the Lease decides which one acts.
import { hostClient } from '@/lib/kube/host-client';
import { errorFields, log } from '@/lib/observability/logger';
import { getHostCache } from '@/lib/vcluster/host-cache';
import { SleepController, sleepModeSettings } from './sleep-controller';

// On globalThis: Next.js bundles instrumentation and routes apart, and dev reloads modules.
const globalKey = Symbol.for('cubby.sleepController');
type GlobalWithController = typeof globalThis & { [globalKey]?: SleepController };

export function startSleepMode(): void {
  const g = globalThis as GlobalWithController;
  if (g[globalKey]) return;
  let settings;
  try {
    settings = sleepModeSettings();
  } catch (error) {
    log.error({ component: 'sleep', ...errorFields(error) }, 'sleep mode is off: its settings are invalid');
    return;
  }
  if (!settings.enabled) {
    log.info({ component: 'sleep' }, 'sleep mode is off (CUBBY_SLEEP_MODE=off)');
    return;
  }
  const cache = getHostCache();
  const controller = new SleepController({ deps: { client: hostClient() }, cache, intervalMs: settings.intervalMs });
  g[globalKey] = controller;
  // Decisions need the whole picture: start only once the cache has listed everything.
  cache.ready().then(
    () => {
      controller.start();
      log.info({ component: 'sleep', intervalMs: settings.intervalMs, identity: controller.lease?.identity }, 'sleep mode started');
    },
    (error: unknown) => log.error({ component: 'sleep', ...errorFields(error) }, 'sleep mode did not start: the host cache did not sync'),
  );
}

/** The running controller, if any (tests, status). */
export function sleepController(): SleepController | undefined {
  return (globalThis as GlobalWithController)[globalKey];
}
