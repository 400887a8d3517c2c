// The name a tenant types for a vCluster, and the host namespace Cubby derives from it.
//
// Why the name is limited to 40 characters. The chart names host objects after the release
// (vcluster-facts.md), and each of them has its own limit:
//   - Service `NAME` and `NAME-headless`: DNS-1035 labels, at most 63 characters, first character
//     a letter                                                      -> NAME <= 54, starts with a letter
//   - StatefulSet `NAME`: its pods carry the label `controller-revision-hash: NAME-<hash>` where
//     the hash is up to 10 characters; label values are at most 63  -> NAME <= 52
//     (the pod name `NAME-0` and its `statefulset.kubernetes.io/pod-name` label are looser)
//   - ServiceAccounts `vc-NAME`, `vc-workload-NAME`, Secrets `vc-NAME`, `vc-config-NAME`,
//     PVC `data-NAME-0`, ClusterRole `vc-NAME-v-NS`: DNS-1123 subdomains / path segments of up
//     to 253 characters                                             -> no tighter bound
//   - labels `release: NAME`, `vcluster.loft.sh/managed-by: NAME`  -> NAME <= 63
// So 52 is the hard ceiling. Cubby keeps 12 characters of headroom: the host namespace
// `vc-<tenant>--<name>` must also fit in 63 characters, and 40 leaves an 18-character tenant
// name that can always use the full name length. Names also read better in kubeconfig context
// names (`vcluster_NAME_NS_ctx`) and in the `-x-NS-x-NAME` suffix of every synced object.

/** Hard ceiling from the `controller-revision-hash` label (`NAME-<10 chars>` <= 63). */
export const CHART_NAME_CEILING = 52;
/** Longest vCluster name Cubby accepts. */
export const MAX_VCLUSTER_NAME_LENGTH = 40;
/** Kubernetes namespace names are DNS-1123 labels. */
export const MAX_NAMESPACE_LENGTH = 63;
/** Prefix that marks a host namespace as Cubby's. */
export const HOST_NAMESPACE_PREFIX = 'vc-';
/** Separates tenant and vCluster name; tenant names must not contain it, so it parses back. */
export const HOST_NAMESPACE_SEPARATOR = '--';
/**
 * Longest tenant name for which every valid vCluster name still fits the namespace:
 * 63 - len('vc-') - len('--') - 40 = 18. Tenancy should enforce it when tenants are created.
 */
export const MAX_TENANT_NAME_LENGTH =
  MAX_NAMESPACE_LENGTH -
  HOST_NAMESPACE_PREFIX.length -
  HOST_NAMESPACE_SEPARATOR.length -
  MAX_VCLUSTER_NAME_LENGTH;

export type NameProblemCode =
  | 'empty'
  | 'too-long'
  | 'uppercase'
  | 'invalid-characters'
  | 'must-start-with-letter'
  | 'must-end-alphanumeric'
  | 'namespace-too-long';

export interface NameProblem {
  code: NameProblemCode;
  message: string;
}

export type NameValidation =
  | { ok: true; name: string }
  | { ok: false; problems: NameProblem[]; message: string };

export interface ValidateNameOptions {
  /** When given, also checks that `vc-<tenant>--<name>` fits in a namespace name. */
  tenant?: string;
}

/**
 * Validates a vCluster name as typed by a tenant. Collects every problem so a form can show
 * them at once; `message` is the first one, for a 400 body.
 */
export function validateVClusterName(name: string, options: ValidateNameOptions = {}): NameValidation {
  const problems: NameProblem[] = [];
  if (name.length === 0) {
    problems.push({ code: 'empty', message: 'Enter a name for the vCluster.' });
    return fail(problems);
  }
  if (name.length > MAX_VCLUSTER_NAME_LENGTH) {
    problems.push({
      code: 'too-long',
      message: `The name must be at most ${MAX_VCLUSTER_NAME_LENGTH} characters long (it has ${name.length}).`,
    });
  }
  if (/[A-Z]/.test(name)) {
    problems.push({ code: 'uppercase', message: 'The name must be lowercase.' });
  }
  const invalid = [...new Set(name.replace(/[a-zA-Z0-9-]/g, ''))];
  if (invalid.length > 0) {
    problems.push({
      code: 'invalid-characters',
      message: `The name may only contain lowercase letters, digits and '-'; remove ${invalid
        .map(describeChar)
        .join(', ')}.`,
    });
  }
  if (!/^[a-zA-Z]/.test(name)) {
    problems.push({
      code: 'must-start-with-letter',
      message: 'The name must start with a letter (it also names a Service, and Service names cannot start with a digit or \'-\').',
    });
  }
  if (!/[a-zA-Z0-9]$/.test(name)) {
    problems.push({ code: 'must-end-alphanumeric', message: 'The name must end with a letter or a digit.' });
  }
  if (options.tenant !== undefined && problems.length === 0) {
    const room = MAX_NAMESPACE_LENGTH - namespaceOverhead(options.tenant);
    if (name.length > room) {
      problems.push({
        code: 'namespace-too-long',
        message: `For tenant '${options.tenant}' the name can have at most ${Math.max(room, 0)} characters, because its host namespace '${HOST_NAMESPACE_PREFIX}${options.tenant}${HOST_NAMESPACE_SEPARATOR}…' must fit in ${MAX_NAMESPACE_LENGTH}.`,
      });
    }
  }
  return problems.length === 0 ? { ok: true, name } : fail(problems);
}

export function isValidVClusterName(name: string): boolean {
  return validateVClusterName(name).ok;
}

/** Thrown for names that reach the namespace derivation unvalidated; maps to HTTP 400. */
export class InvalidNameError extends Error {
  readonly status = 400;
  readonly code = 'invalid_name';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNameError';
  }
}

/**
 * The host namespace of a vCluster: `vc-<tenant>--<name>`.
 *
 * One namespace per vCluster (the syncer refuses to share one). The double hyphen separates the
 * parts so that the mapping is injective: tenant `a-b` with vCluster `c` (`vc-a-b--c`) and tenant
 * `a` with vCluster `b-c` (`vc-a--b-c`) cannot collide, which a single hyphen would allow and
 * which would let one tenant block (and detect) another tenant's names. Tenant names must
 * therefore not contain `--`; both parts are DNS-1123 labels, so they neither start nor end with
 * '-', and the first `--` is always the separator. Namespaces are also labelled with tenant and
 * vCluster, so nothing needs to parse the name; `parseHostNamespaceName` exists for discovery
 * and tests.
 */
export function hostNamespaceName(tenant: string, name: string): string {
  const tenantProblem = tenantNameProblem(tenant);
  if (tenantProblem) throw new InvalidNameError(tenantProblem);
  const validation = validateVClusterName(name, { tenant });
  if (!validation.ok) throw new InvalidNameError(validation.message);
  return `${HOST_NAMESPACE_PREFIX}${tenant}${HOST_NAMESPACE_SEPARATOR}${name}`;
}

/** Reverses `hostNamespaceName`; undefined for namespaces Cubby did not name. */
export function parseHostNamespaceName(namespace: string): { tenant: string; name: string } | undefined {
  if (!namespace.startsWith(HOST_NAMESPACE_PREFIX)) return undefined;
  const rest = namespace.slice(HOST_NAMESPACE_PREFIX.length);
  const at = rest.indexOf(HOST_NAMESPACE_SEPARATOR);
  if (at <= 0) return undefined;
  const tenant = rest.slice(0, at);
  const name = rest.slice(at + HOST_NAMESPACE_SEPARATOR.length);
  if (tenantNameProblem(tenant) || !validateVClusterName(name, { tenant }).ok) return undefined;
  return { tenant, name };
}

/** Why a tenant name cannot be used in a host namespace, or undefined when it can. */
export function tenantNameProblem(tenant: string): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(tenant)) {
    return `Tenant name '${tenant}' must be lowercase letters, digits and '-', starting and ending with a letter or digit.`;
  }
  if (tenant.includes(HOST_NAMESPACE_SEPARATOR)) {
    return `Tenant name '${tenant}' must not contain '${HOST_NAMESPACE_SEPARATOR}' (it separates tenant and vCluster in namespace names).`;
  }
  if (namespaceOverhead(tenant) + 1 > MAX_NAMESPACE_LENGTH) {
    return `Tenant name '${tenant}' is too long to form a namespace name.`;
  }
  return undefined;
}

function namespaceOverhead(tenant: string): number {
  return HOST_NAMESPACE_PREFIX.length + tenant.length + HOST_NAMESPACE_SEPARATOR.length;
}

function describeChar(c: string): string {
  if (c === ' ') return 'spaces';
  return `'${c}'`;
}

function fail(problems: NameProblem[]): NameValidation {
  return { ok: false, problems, message: problems[0]!.message };
}
