// Names of synced objects in the host namespace, as the vCluster syncer forms them. Written here
// and not imported from Cubby's lib/: the sandbox is the reference Cubby is tested against, so a
// bug in one must not hide the same bug in the other.
import { createHash } from 'node:crypto';

const MAX_NAME_LENGTH = 63;

/**
 * Joins parts with `-`; past 63 characters, keeps the first 52, then `-` and the first 10 hex
 * characters of the sha256 of the whole joined name.
 */
export function safeConcatName(...parts: string[]): string {
  const full = parts.join('-');
  if (full.length <= MAX_NAME_LENGTH) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 10);
  // The syncer also folds a `.` left before the joining dash, which would not be a valid name.
  return `${full.slice(0, 52)}-${digest}`.replaceAll('.-', '-');
}

/** `NAME-x-NAMESPACE-x-VCLUSTER`: the host name of a namespaced virtual object. */
export function hostName(name: string, namespace: string, vcluster: string): string {
  return safeConcatName(name, 'x', namespace, 'x', vcluster);
}

/** `VCLUSTER-node-NODE`: the host Service whose ClusterIP is a fake node's InternalIP. */
export function nodeServiceName(vcluster: string, node: string): string {
  return safeConcatName(vcluster, 'node', node.replaceAll('.', '-'));
}

/** `fake-NODE`: the hostname label of a fake node. */
export function fakeNodeHostname(node: string): string {
  return safeConcatName('fake', node);
}

/** `NODE.nodes.vcluster.com`: the Hostname address of a fake node. */
export function fakeNodeAddress(node: string): string {
  return `${node.replaceAll('.', '-')}.nodes.vcluster.com`;
}
