import 'server-only';
// The sleep controller: every `intervalMs` (15 s by default) the server that holds the Lease
// `cubby-sleep-mode` in Cubby's namespace looks at every vCluster Cubby manages, in the host
// cache (no LIST per round), and does what sleep-decision.ts says: sleep when idle past its limit
// or inside a schedule window, wake what the schedule put to sleep when its window ends (or when
// someone asked to keep it awake), finish whatever a server left half done. The other servers
// only keep trying for the Lease, so exactly one acts; wake on use (wake-on-use.ts) runs on
// whichever server the request reached, and the steps are safe to race (sleep-actions.ts).
import { LeaderLease } from '@/lib/kube/leader-lease';
import { errorFields, log } from '@/lib/observability/logger';
import { cubbyNamespace } from '@/lib/tenancy/settings';
import { recordedActivity } from '@/lib/vcluster/activity';
import { creationComplete, storedState } from '@/lib/vcluster/host-metadata';
import type { NamespaceView, WorkloadView } from '@/lib/vcluster/host-cache-projections';
import type { LifecycleDeps } from '@/lib/vcluster/lifecycle-deps';
import { isPaused } from '@/lib/vcluster/status';
import type { Template } from '@/lib/tenancy/model';
import type { VClusterRef } from '@/lib/vcluster/vcluster-ref';
import { LABEL_TENANT, LABEL_VCLUSTER } from '@/lib/tenancy/model';
import { clearAwake, fallAsleep, markAwake, noteResumedByHand, wakeUp } from './sleep-actions';
import { decide, type SleepDecision } from './sleep-decision';
import { effectiveSleep } from './sleep-policy';
import { sleepState } from './sleep-state';

export const SLEEP_LEASE_NAME = 'cubby-sleep-mode';
export const DEFAULT_SLEEP_INTERVAL_MS = 15_000;

/** What the controller reads of the host cache (HostCache fits). */
export interface SleepCacheView {
  namespaces(): NamespaceView[];
  workload(namespace: string, name: string): WorkloadView | undefined;
  template(name: string): Template | undefined;
}

export interface SleepControllerOptions {
  deps: LifecycleDeps;
  cache: SleepCacheView;
  intervalMs?: number;
  /** A "minute" of idle time in ms; tests shorten it. */
  minuteMs?: number;
  /** The Lease; `false` runs without election (a single test controller). */
  lease?: { namespace?: string; name?: string; identity?: string; leaseDurationSeconds?: number; renewMs?: number } | false;
}

export interface TickAction {
  ref: VClusterRef;
  decision: SleepDecision;
  done: boolean;
  error?: string;
}

export class SleepController {
  readonly lease: LeaderLease | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<TickAction[]> | undefined;
  private readonly intervalMs: number;

  constructor(private readonly options: SleepControllerOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_SLEEP_INTERVAL_MS;
    if (options.lease !== false) {
      const lease = options.lease ?? {};
      this.lease = new LeaderLease({
        client: options.deps.client,
        namespace: lease.namespace ?? cubbyNamespace(),
        name: lease.name ?? SLEEP_LEASE_NAME,
        ...(lease.identity ? { identity: lease.identity } : {}),
        leaseDurationSeconds: lease.leaseDurationSeconds ?? 15,
        renewMs: lease.renewMs ?? 5_000,
        onStartedLeading: () => {
          log.info({ component: 'sleep', identity: this.lease?.identity }, 'sleep mode: this server leads');
          // Finish whatever the previous leader left half done without waiting a whole interval.
          void this.tick();
        },
        onStoppedLeading: () => log.info({ component: 'sleep', identity: this.lease?.identity }, 'sleep mode: this server no longer leads'),
        log: (message) => log.warn({ component: 'sleep' }, message),
      });
    }
  }

  get isLeader(): boolean {
    return this.lease ? this.lease.isLeader : true;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.lease?.start();
    const loop = async () => {
      await this.tick();
      if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
    };
    this.timer = setTimeout(loop, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.lease?.stop();
  }

  /** One round over every vCluster, if this server leads; what it did. */
  tick(): Promise<TickAction[]> {
    if (!this.isLeader || this.stopped) return Promise.resolve([]);
    this.ticking ??= this.round().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async round(): Promise<TickAction[]> {
    const { deps, cache } = this.options;
    const now = (deps.now ?? (() => new Date()))();
    const actions: TickAction[] = [];
    for (const ns of cache.namespaces()) {
      // Leadership can end mid-round; the next leader takes over from the annotations.
      if (!this.isLeader || this.stopped) break;
      const tenant = ns.metadata.labels?.[LABEL_TENANT];
      const name = ns.metadata.labels?.[LABEL_VCLUSTER];
      if (!tenant || !name) continue;
      const stored = storedState(ns);
      if (stored.terminating || !creationComplete(ns)) continue;
      const workload = cache.workload(ns.metadata.name, name);
      if (!workload) continue;
      const state = sleepState(ns);
      const template = stored.template ? cache.template(stored.template) : undefined;
      const effective = effectiveSleep(template?.spec.sleep, state.settings);
      const policyless = !template?.spec.sleep && !state.phase;
      if (policyless) continue;
      const createdAt = ns.metadata.creationTimestamp ? new Date(ns.metadata.creationTimestamp) : undefined;
      const activity = recordedActivity(ns);
      const decision = decide({
        now,
        effective,
        state,
        paused: isPaused(workload),
        ...(activity ? { activity } : {}),
        ...(createdAt ? { createdAt } : {}),
        ...(this.options.minuteMs !== undefined ? { minuteMs: this.options.minuteMs } : {}),
      });
      if (decision.action === 'none') continue;
      const ref: VClusterRef = { tenant, name, namespace: ns.metadata.name };
      const action: TickAction = { ref, decision, done: false };
      try {
        action.done = (await this.act(ref, decision)).done;
      } catch (error) {
        action.error = (error as Error).message;
        log.warn({ component: 'sleep', tenant, vcluster: name, action: decision.action, ...errorFields(error) }, 'sleep mode step failed; tried again next round');
      }
      actions.push(action);
    }
    return actions;
  }

  private act(ref: VClusterRef, decision: SleepDecision): Promise<{ done: boolean }> {
    const { deps } = this.options;
    switch (decision.action) {
      case 'sleep':
        return fallAsleep(deps, ref, decision.reason);
      case 'finish-sleep':
        return fallAsleep(deps, ref, 'idle');
      case 'wake':
        return wakeUp(deps, ref, decision.reason, decision.by);
      case 'finish-wake':
        return wakeUp(deps, ref, 'manual');
      case 'resumed-by-hand':
        return noteResumedByHand(deps, ref);
      case 'mark-awake':
        return markAwake(deps, ref.namespace, ref);
      case 'clear-awake':
        return clearAwake(deps, ref);
      default:
        return Promise.resolve({ done: true });
    }
  }
}

export interface SleepModeSettings {
  enabled: boolean;
  intervalMs: number;
}

/** `CUBBY_SLEEP_MODE=off` turns the controller off; `CUBBY_SLEEP_INTERVAL_SECONDS` (1-300) sets its pace. */
export function sleepModeSettings(env: Record<string, string | undefined> = process.env): SleepModeSettings {
  const mode = (env.CUBBY_SLEEP_MODE ?? '').trim().toLowerCase();
  if (mode && !['on', 'off'].includes(mode)) throw new Error(`invalid setting CUBBY_SLEEP_MODE: must be on or off, not '${env.CUBBY_SLEEP_MODE}'`);
  const seconds = env.CUBBY_SLEEP_INTERVAL_SECONDS ? Number(env.CUBBY_SLEEP_INTERVAL_SECONDS) : DEFAULT_SLEEP_INTERVAL_MS / 1000;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 300) throw new Error('invalid setting CUBBY_SLEEP_INTERVAL_SECONDS: must be a number of seconds from 1 to 300');
  return { enabled: mode !== 'off', intervalMs: Math.round(seconds * 1000) };
}
