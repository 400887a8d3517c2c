import type { KubeClient } from '@/lib/kube/client';
import type { ChartSettings } from './chart-source';

/** What every lifecycle action needs; passed in so tests and the server can each supply theirs. */
export interface LifecycleDeps {
  /** Cubby's own client (its service account). Tenant calls derive from it with `.as()`. */
  client: KubeClient;
  /** Chart source and helm binary; the environment's (chart-source.ts) when omitted. */
  chart?: ChartSettings;
  /** Clock, for annotations that carry a time. */
  now?: () => Date;
}
