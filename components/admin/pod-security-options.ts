// The Pod Security levels as the template form offers them. The texts mirror
// POD_SECURITY_DESCRIPTIONS (lib/tenancy/pod-security.ts, checked equal by the unit test): that
// module builds a zod schema, which would otherwise land in the page bundle.
import type { PodSecurityLevel } from '@/lib/tenancy/pod-security';

export interface PodSecurityChoice {
  level: PodSecurityLevel;
  label: string;
  description: string;
  /** Shown in amber when chosen: the level gives up the wall between tenant and node. */
  warning?: string;
}

export const DEFAULT_LEVEL: PodSecurityLevel = 'baseline';

export const POD_SECURITY_CHOICES: readonly PodSecurityChoice[] = [
  {
    level: 'baseline',
    label: 'Baseline (default)',
    description: 'Refuses privileged containers, host namespaces (hostNetwork, hostPID, hostIPC), hostPath volumes, host ports and added capabilities.',
  },
  {
    level: 'restricted',
    label: 'Restricted',
    description:
      'Baseline, and pods must run as non-root with all capabilities dropped and the RuntimeDefault seccomp profile. The control plane needs a matching security context in the base values.',
  },
  {
    level: 'privileged',
    label: 'Privileged',
    description: 'No restriction: a tenant who is admin inside the vCluster can run pods as root on the host nodes. Only for tenants trusted with the nodes.',
    warning: "Every tenant allowed this template can take over the host's nodes: their pods may be privileged, use the host's network and PIDs, and mount its disks.",
  },
];

/** The level a template's vClusters get: the one it names, or the default. */
export function effectiveLevel(level: PodSecurityLevel | undefined): PodSecurityLevel {
  return level ?? DEFAULT_LEVEL;
}

export function podSecurityChoice(level: PodSecurityLevel | undefined): PodSecurityChoice {
  const effective = effectiveLevel(level);
  return POD_SECURITY_CHOICES.find((c) => c.level === effective)!;
}
