// Pod Security on a vCluster's host namespace. Everything a vCluster syncs runs as a pod in that
// namespace, so the host's own PodSecurity admission (on by default since Kubernetes 1.25) is the
// wall between a tenant who is admin inside their vCluster and the node: a privileged, hostPID,
// hostNetwork or hostPath pod is refused by the host however it was asked for inside. The level
// is the template's choice: `baseline` by default, `restricted` for stricter templates, and
// `privileged` only where an admin wrote it into a template on purpose. Tenants never choose it.
import { z } from 'zod';
import { DEFAULT_POD_SECURITY_LEVEL, POD_SECURITY_LEVELS, type PodSecurityLevel } from './pod-security-levels';

export { DEFAULT_POD_SECURITY_LEVEL, POD_SECURITY_DESCRIPTIONS, POD_SECURITY_LEVELS, type PodSecurityLevel } from './pod-security-levels';

export const POD_SECURITY_PREFIX = 'pod-security.kubernetes.io';
export const LABEL_PSA_ENFORCE = `${POD_SECURITY_PREFIX}/enforce`;
export const LABEL_PSA_WARN = `${POD_SECURITY_PREFIX}/warn`;
export const LABEL_PSA_AUDIT = `${POD_SECURITY_PREFIX}/audit`;

export const PodSecurityLevelSchema = z.enum(POD_SECURITY_LEVELS, {
  error: `podSecurityLevel must be one of ${POD_SECURITY_LEVELS.join(', ')}`,
});

/**
 * The namespace labels that make the API server enforce, warn about and audit `level`. All three
 * are set so a namespace labelled by someone else at a weaker warn or audit level is corrected.
 */
export function podSecurityLabels(level: PodSecurityLevel = DEFAULT_POD_SECURITY_LEVEL): Record<string, string> {
  return { [LABEL_PSA_ENFORCE]: level, [LABEL_PSA_WARN]: level, [LABEL_PSA_AUDIT]: level };
}

/** The enforced level a namespace's labels say, if it is one of ours. */
export function podSecurityLevelOf(labels: Record<string, string> | undefined): PodSecurityLevel | undefined {
  const value = labels?.[LABEL_PSA_ENFORCE];
  return (POD_SECURITY_LEVELS as readonly string[]).includes(value ?? '') ? (value as PodSecurityLevel) : undefined;
}
