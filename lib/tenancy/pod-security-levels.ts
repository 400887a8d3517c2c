// The Pod Security levels a template may choose and what each means (pod-security.ts says why
// they matter). No zod here: the admin pages import this, and the schema stays on the server.

export const POD_SECURITY_LEVELS = ['baseline', 'restricted', 'privileged'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];
export const DEFAULT_POD_SECURITY_LEVEL: PodSecurityLevel = 'baseline';

/** What each level lets synced pods do, for the admin form. */
export const POD_SECURITY_DESCRIPTIONS: Record<PodSecurityLevel, string> = {
  baseline: 'Refuses privileged containers, host namespaces (hostNetwork, hostPID, hostIPC), hostPath volumes, host ports and added capabilities.',
  restricted: 'Baseline, and pods must run as non-root with all capabilities dropped and the RuntimeDefault seccomp profile. The control plane needs a matching security context in the base values.',
  privileged: 'No restriction: a tenant who is admin inside the vCluster can run pods as root on the host nodes. Only for tenants trusted with the nodes.',
};
