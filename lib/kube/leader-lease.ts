import 'server-only';
// Leader election on a coordination.k8s.io Lease, as client-go's leaderelection does it (the
// JavaScript client has none): the holder renews `renewTime` every few seconds; another candidate
// takes the Lease over only after it has seen the same record unchanged for a whole
// `leaseDurationSeconds` by its OWN clock (so clock skew between servers does not matter), or at
// once when the holder released it (empty holderIdentity). Every write carries the resourceVersion
// it read, so two candidates racing for an expired Lease cannot both win.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import { KubeError } from './errors';
import type { ResourceType } from './resource-types';

export const LeaseType: ResourceType = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true };

interface LeaseObject extends KubernetesObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

export interface LeaderLeaseOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** Unique per process: pod name (or host name) plus random. */
  identity?: string;
  leaseDurationSeconds?: number;
  /** How often the holder renews and candidates try. */
  renewMs?: number;
  onStartedLeading?: () => void;
  onStoppedLeading?: () => void;
  log?: (message: string) => void;
  /** Local clock; tests may move it. */
  now?: () => number;
}

/** `metav1.MicroTime`: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function defaultIdentity(): string {
  return `${process.env.POD_NAME || process.env.HOSTNAME || hostname()}-${randomBytes(4).toString('hex')}`;
}

export class LeaderLease {
  readonly identity: string;
  private readonly durationMs: number;
  private readonly renewMs: number;
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  /** The other holder's record as last seen, and when (local clock) it last changed. */
  private observed: { key: string; at: number } | undefined;
  /** When this process last renewed successfully (local clock). */
  private lastRenew = 0;
  private readonly now: () => number;

  constructor(private readonly options: LeaderLeaseOptions) {
    this.identity = options.identity ?? defaultIdentity();
    this.durationMs = (options.leaseDurationSeconds ?? 15) * 1000;
    this.renewMs = options.renewMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts trying (and, once leading, renewing) every renewMs. */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = async () => {
      await this.tryOnce();
      if (!this.stopped) this.timer = setTimeout(loop, this.renewMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /**
   * Stops; a leader releases the Lease so another server takes over without waiting
   * (`release: false` stops as a crash would: the others wait out the lease duration).
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    if (this.leading && options.release !== false) {
      await this.release().catch((error: unknown) => this.options.log?.(`could not release lease: ${(error as Error).message}`));
    }
    this.setLeading(false);
  }

  /** One round: acquire or renew. Returns whether this process leads afterwards. */
  async tryOnce(): Promise<boolean> {
    if (this.running) return this.leading;
    this.running = true;
    try {
      const ok = await this.acquireOrRenew();
      if (ok) this.lastRenew = this.now();
      // A leader that cannot renew (host unreachable) steps down before others may take over.
      this.setLeading(ok || (this.leading && this.now() - this.lastRenew < this.durationMs * 0.66));
    } catch (error) {
      this.options.log?.(`lease ${this.options.name}: ${(error as Error).message}`);
      this.setLeading(this.leading && this.now() - this.lastRenew < this.durationMs * 0.66);
    } finally {
      this.running = false;
    }
    return this.leading;
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    if (leading) this.options.onStartedLeading?.();
    else this.options.onStoppedLeading?.();
  }

  private async acquireOrRenew(): Promise<boolean> {
    const { client, namespace, name } = this.options;
    const now = this.now();
    const current = await client.find<LeaseObject>(LeaseType, name, namespace);
    const spec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.round(this.durationMs / 1000),
      renewTime: microTime(now),
    };
    if (!current) {
      try {
        await client.create(LeaseType, {
          apiVersion: LeaseType.apiVersion,
          kind: LeaseType.kind,
          metadata: { name, namespace },
          spec: { ...spec, acquireTime: microTime(now), leaseTransitions: 0 },
        } as LeaseObject);
        return true;
      } catch (error) {
        if (error instanceof KubeError && error.status === 409) return false;
        throw error;
      }
    }
    const holder = current.spec?.holderIdentity ?? '';
    const mine = holder === this.identity;
    if (!mine && holder !== '') {
      const key = `${holder}/${current.spec?.renewTime ?? ''}/${current.metadata?.resourceVersion ?? ''}`;
      if (this.observed?.key !== key) this.observed = { key, at: now };
      const duration = (current.spec?.leaseDurationSeconds ?? 15) * 1000;
      if (now - this.observed.at < duration) return false;
    }
    try {
      await client.replace(LeaseType, {
        ...current,
        metadata: { ...current.metadata, name, namespace },
        spec: {
          ...current.spec,
          ...spec,
          ...(mine ? {} : { acquireTime: microTime(now), leaseTransitions: (current.spec?.leaseTransitions ?? 0) + 1 }),
        },
      } as LeaseObject);
      return true;
    } catch (error) {
      if (error instanceof KubeError && error.status === 409) return false;
      throw error;
    }
  }

  private async release(): Promise<void> {
    const { client, namespace, name } = this.options;
    const current = await client.find<LeaseObject>(LeaseType, name, namespace);
    if (!current || current.spec?.holderIdentity !== this.identity) return;
    await client.replace(LeaseType, {
      ...current,
      spec: { ...current.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(this.now()) },
    } as LeaseObject);
  }
}
