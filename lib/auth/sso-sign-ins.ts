import 'server-only';
// What Cubby knows about a single sign-on user between sign-ins: the groups of their latest
// sign-in and when it was. Cubby cannot ask the identity provider about a caller who arrives
// with only a session cookie or an API token, so it keeps this record in the host (the only
// database): one Secret per user in CUBBY_NAMESPACE, named after a hash of the user name, written
// at every sign-in (server-side apply, so the latest sign-in wins) and read on every request.
// Sessions and tokens hold only the user name; their groups come from here when they are used
// (identity-resolution.ts), so a group the provider took away is gone from every credential at
// the user's next sign-in anywhere. Deleting the Secret signs the user out everywhere.
//
// A Secret rather than a ConfigMap: group lists say who may do what, and Secrets in Cubby's
// namespace are already readable only by Cubby (its API tokens live there too).
import type { V1Secret } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { labelHash } from '@/lib/tenancy/label-hash';
import { LABEL_MANAGED_BY, MANAGED_BY_CUBBY } from '@/lib/tenancy/model';
import { cubbyNamespace } from '@/lib/tenancy/settings';

export const LABEL_SSO_SIGN_IN = 'cubby.dev/sso-sign-in';
const SECRET_TYPE = 'cubby.dev/sso-sign-in';
const ANNOTATION_SIGNED_IN = 'cubby.dev/signed-in-at';
/** Bounds one record well below a Secret's 1 MiB; a longer group name cannot match a tenant anyway. */
export const MAX_SSO_GROUPS = 1000;
const MAX_GROUP_LENGTH = 253;

export interface SsoSignIn {
  user: string;
  groups: string[];
  signedInAt: Date;
}

export interface SsoRecordOptions {
  namespace?: string;
}

export const ssoRecordName = (user: string): string => `cubby-sso-${labelHash(user)}`;
const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const decode = (value: string | undefined): string => (value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8'));

function cleanGroups(groups: readonly unknown[]): string[] {
  const names = groups.filter((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= MAX_GROUP_LENGTH);
  return [...new Set(names)].slice(0, MAX_SSO_GROUPS);
}

/** Stores the groups of a sign-in that just succeeded. Throws when the host does not take it. */
export async function recordSsoSignIn(client: KubeClient, signIn: SsoSignIn, options: SsoRecordOptions = {}): Promise<void> {
  const namespace = options.namespace ?? cubbyNamespace();
  await client.apply<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: ssoRecordName(signIn.user),
      namespace,
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY, [LABEL_SSO_SIGN_IN]: 'true' },
      annotations: { [ANNOTATION_SIGNED_IN]: signIn.signedInAt.toISOString() },
    },
    type: SECRET_TYPE,
    data: { user: encode(signIn.user), groups: encode(JSON.stringify(cleanGroups(signIn.groups))) },
  });
}

/** The user's latest sign-in, or undefined when there is none (or it is not readable as one). */
export async function findSsoSignIn(client: KubeClient, user: string, options: SsoRecordOptions = {}): Promise<SsoSignIn | undefined> {
  const secret = await client.find<V1Secret>(ResourceTypes.Secret, ssoRecordName(user), options.namespace ?? cubbyNamespace());
  if (!secret || secret.type !== SECRET_TYPE || decode(secret.data?.user) !== user) return undefined;
  const signedInAt = new Date(secret.metadata?.annotations?.[ANNOTATION_SIGNED_IN] ?? '');
  if (Number.isNaN(signedInAt.getTime())) return undefined;
  let groups: unknown;
  try {
    groups = JSON.parse(decode(secret.data?.groups) || '[]');
  } catch {
    return undefined;
  }
  if (!Array.isArray(groups)) return undefined;
  return { user, groups: cleanGroups(groups), signedInAt };
}

/** Forgets the user: every session and token of theirs stops working until they sign in again. */
export async function forgetSsoSignIn(client: KubeClient, user: string, options: SsoRecordOptions = {}): Promise<void> {
  await client.delete(ResourceTypes.Secret, ssoRecordName(user), options.namespace ?? cubbyNamespace());
}
