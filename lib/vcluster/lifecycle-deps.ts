import type { KubeClient } from '@/lib/kube/client';
import type { ChartSettings } from './chart-source';

/** What every lifecycle action needs; passed in so tests and the server can each supply theirs. */
export interface LifecycleDeps {
  /** Cubby's own client (its service account). Tenant calls derive from it with `.as()`. */
  client: KubeClient;
  /** Chart source and helm binary; the environment's (chart-source.ts) when omitted. */
  chart?: ChartSettings;
  /**
   * How old a release's pending revision must be before it counts as abandoned (helm-release.ts);
   * DEFAULT_PENDING_STALE_MS when omitted.
   */
  helmPendingStaleMs?: number;
  /** Clock, for annotations that carry a time. */
  now?: () => Date;
}
