// The Pod Security levels as the template form offers them, with the descriptions the API's
// module gives (pod-security-levels.ts: no zod, so nothing of the schema reaches the page).
import { DEFAULT_POD_SECURITY_LEVEL, POD_SECURITY_DESCRIPTIONS, type PodSecurityLevel } from '@/lib/tenancy/pod-security-levels';

export interface PodSecurityChoice {
  level: PodSecurityLevel;
  label: string;
  description: string;
  /** Shown in amber when chosen: the level gives up the wall between tenant and node. */
  warning?: string;
}

export const DEFAULT_LEVEL: PodSecurityLevel = DEFAULT_POD_SECURITY_LEVEL;

export const POD_SECURITY_CHOICES: readonly PodSecurityChoice[] = [
  {
    level: 'baseline',
    label: 'Baseline (default)',
    description: POD_SECURITY_DESCRIPTIONS.baseline,
  },
  {
    level: 'restricted',
    label: 'Restricted',
    description: POD_SECURITY_DESCRIPTIONS.restricted,
  },
  {
    level: 'privileged',
    label: 'Privileged',
    description: POD_SECURITY_DESCRIPTIONS.privileged,
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
