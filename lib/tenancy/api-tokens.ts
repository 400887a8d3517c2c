import 'server-only';
// Personal API tokens for scripts and CI (`Authorization: Bearer cubby_...`).
//
// - Format: `cubby_` + 32 random bytes in base64url (43 characters). The prefix makes leaked
//   tokens recognisable to secret scanners and lets Cubby reject anything else before any lookup.
// - Only the token's SHA-256 is stored, in a Secret in Cubby's namespace named after a prefix of
//   that hash, so verifying is one GET by name (no scan over all tokens) followed by a
//   constant-time comparison of the full hash. A plain hash (no salt, no slow KDF) is enough:
//   the input is 256 random bits, not a password, so there is nothing to guess.
// - The Secret is immutable: the hash and the subject cannot be changed, only revoked (deleted).
// - A token stands for a subject, the user's name and how they sign in (provider), never for
//   authority: groups are resolved each time the token is used (lib/auth/identity-resolution),
//   so a removed account, a lost group or a lost admin right counts for tokens at once. Expiry
//   bounds a token's life anyway: 90 days by default, 365 at most, none that never expire.
// - Another user's token id is answered with 404 on revoke, exactly like an unknown id; admins
//   list and revoke everybody's (listAllApiTokens, revokeAnyApiToken).
// - A kubeconfig credential (createKubeconfigToken) is the same kind of token with a scope: one
//   vCluster. It is what a downloaded kubeconfig carries to Cubby's gateway, lives hours rather
//   than days, and is refused everywhere else (Cubby's own API included), so a kubeconfig left on
//   a laptop opens one vCluster and nothing more.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { V1Secret } from '@kubernetes/client-node';
import { z } from 'zod';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { deleteCubbyObject } from './cubby-objects';
import { TenancyError, fromKubeError, invalid, notFound } from './errors';
import { labelHash } from './label-hash';
import { LABEL_MANAGED_BY, MANAGED_BY_CUBBY } from './model';
import { parseInput } from './parse-input';
import { cubbyNamespace } from './settings';
import { errorFields, log } from '@/lib/observability/logger';

export const TOKEN_PREFIX = 'cubby_';
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^cubby_[A-Za-z0-9_-]{43}$/;
const ID_FORMAT = /^[0-9a-f]{32}$/;

export const LABEL_API_TOKEN = 'cubby.dev/api-token';
export const LABEL_TOKEN_USER = 'cubby.dev/token-user-hash';
/** On kubeconfig credentials: the hash of their scope, so a vCluster's credentials are found by label. */
export const LABEL_TOKEN_SCOPE = 'cubby.dev/token-scope-hash';
const ANNOTATION_NAME = 'cubby.dev/token-name';
const ANNOTATION_CREATED = 'cubby.dev/created-at';
const ANNOTATION_EXPIRES = 'cubby.dev/expires-at';
const ANNOTATION_LAST_USED = 'cubby.dev/last-used-at';
const ANNOTATION_SCOPE = 'cubby.dev/token-scope';
const SECRET_TYPE = 'cubby.dev/api-token';

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
/** Bounds the Secrets one user can make Cubby create. */
export const MAX_TOKENS_PER_USER = 50;
/** lastUsedAt is written at most this often per token, so busy scripts do not write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Kubeconfig credentials: 8 hours unless asked otherwise, between 10 minutes and 7 days. */
export const DEFAULT_KUBECONFIG_TOKEN_SECONDS = 8 * 3600;
export const MIN_KUBECONFIG_TOKEN_SECONDS = 600;
export const MAX_KUBECONFIG_TOKEN_SECONDS = 7 * 24 * 3600;

/** The one vCluster a kubeconfig credential opens. */
export interface TokenScope {
  tenant: string;
  vcluster: string;
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
  expired: boolean;
  /** Set for kubeconfig credentials: the only vCluster they open, through the gateway only. */
  scope?: TokenScope;
}

/** A token's owner as admins see it. */
export interface OwnedApiTokenInfo extends ApiTokenInfo {
  user: string;
  provider: string;
}

/** Whom a token stands for: a user name and the way that user signs in (`local`, `oidc`). */
export interface TokenSubject {
  user: string;
  provider: string;
}

/** A verified token: its subject and id, and the scope of a kubeconfig credential. */
export interface VerifiedToken extends TokenSubject {
  id: string;
  scope?: TokenScope;
}

const PROVIDER_FORMAT = /^[a-z][a-z0-9-]{0,31}$/;

export interface CreatedApiToken extends ApiTokenInfo {
  /** The plaintext token. Shown once; Cubby keeps only its hash. */
  token: string;
}

export interface TokenOptions {
  /** Where token Secrets live; default CUBBY_NAMESPACE (cubby-system). */
  namespace?: string;
  /** The current time, for tests. */
  now?: () => Date;
}

export const CreateApiTokenSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'give the token a name, e.g. the script that will use it')
    .max(100, 'a token name must be at most 100 characters long')
    .regex(/^[^\p{Cc}]+$/u, 'a token name must not contain control characters'),
  expiresInDays: z
    .int('expiresInDays must be a whole number of days')
    .min(1, 'expiresInDays must be at least 1')
    .max(MAX_TOKEN_DAYS, `expiresInDays must be at most ${MAX_TOKEN_DAYS}`)
    .default(DEFAULT_TOKEN_DAYS),
});

export type CreateApiTokenInput = z.input<typeof CreateApiTokenSchema>;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const secretName = (id: string): string => `cubby-token-${id}`;
const decode = (value: string | undefined): string => (value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8'));
const SCOPE_FORMAT = /^vcluster:([a-z0-9][-a-z0-9.]*)\/([a-z0-9][-a-z0-9.]*)$/;

function parseScope(annotation: string | undefined): TokenScope | undefined {
  const match = annotation ? SCOPE_FORMAT.exec(annotation) : null;
  return match ? { tenant: match[1]!, vcluster: match[2]! } : undefined;
}

function info(secret: V1Secret, now: Date): ApiTokenInfo {
  const annotations = secret.metadata?.annotations ?? {};
  const expiresAt = annotations[ANNOTATION_EXPIRES] ?? '';
  return {
    id: (secret.metadata?.name ?? '').replace(/^cubby-token-/, ''),
    name: annotations[ANNOTATION_NAME] ?? '',
    createdAt: annotations[ANNOTATION_CREATED] ?? '',
    expiresAt,
    ...(annotations[ANNOTATION_LAST_USED] ? { lastUsedAt: annotations[ANNOTATION_LAST_USED] } : {}),
    expired: !(new Date(expiresAt).getTime() > now.getTime()),
    ...(annotations[ANNOTATION_SCOPE] ? { scope: parseScope(annotations[ANNOTATION_SCOPE]) ?? { tenant: '', vcluster: '' } } : {}),
  };
}

function isTokenSecret(secret: V1Secret): boolean {
  return secret.type === SECRET_TYPE && secret.metadata?.labels?.[LABEL_API_TOKEN] === 'true';
}

function owned(secret: V1Secret, now: Date): OwnedApiTokenInfo {
  return { ...info(secret, now), user: decode(secret.data?.user), provider: decode(secret.data?.provider) };
}

async function userTokenSecrets(client: KubeClient, user: string, namespace: string): Promise<V1Secret[]> {
  const list = await client.list<V1Secret>(ResourceTypes.Secret, {
    namespace,
    labelSelector: `${LABEL_API_TOKEN}=true,${LABEL_TOKEN_USER}=${labelHash(user)}`,
  });
  return list.items.filter((secret) => isTokenSecret(secret) && decode(secret.data?.user) === user);
}

export async function createApiToken(client: KubeClient, subject: TokenSubject, input: unknown, options: TokenOptions = {}): Promise<CreatedApiToken> {
  const { name, expiresInDays } = parseInput(CreateApiTokenSchema, input, 'API token');
  return issueToken(client, subject, { name, lifetimeMs: expiresInDays * 86_400_000 }, options);
}

export const KubeconfigTokenSchema = z.strictObject({
  expiresInSeconds: z
    .int('expiresInSeconds must be a whole number of seconds')
    .min(MIN_KUBECONFIG_TOKEN_SECONDS, `a kubeconfig credential lives at least ${MIN_KUBECONFIG_TOKEN_SECONDS} seconds`)
    .max(MAX_KUBECONFIG_TOKEN_SECONDS, `a kubeconfig credential lives at most ${MAX_KUBECONFIG_TOKEN_SECONDS} seconds (7 days)`)
    .default(DEFAULT_KUBECONFIG_TOKEN_SECONDS),
});

/** A credential for one vCluster through the gateway, for a downloaded kubeconfig. */
export async function createKubeconfigToken(
  client: KubeClient,
  subject: TokenSubject,
  scope: TokenScope,
  input: unknown,
  options: TokenOptions = {},
): Promise<CreatedApiToken> {
  const { expiresInSeconds } = parseInput(KubeconfigTokenSchema, input, 'kubeconfig credential');
  const annotation = `vcluster:${scope.tenant}/${scope.vcluster}`;
  if (!SCOPE_FORMAT.test(annotation)) throw invalid(`'${annotation.slice(0, 80)}' is not a vCluster`);
  return issueToken(client, subject, { name: `kubeconfig ${scope.tenant}/${scope.vcluster}`, lifetimeMs: expiresInSeconds * 1000, scope: annotation }, options);
}

async function issueToken(
  client: KubeClient,
  subject: TokenSubject,
  spec: { name: string; lifetimeMs: number; scope?: string },
  options: TokenOptions,
): Promise<CreatedApiToken> {
  if (!subject.user) throw invalid('a token needs a signed-in user');
  if (!PROVIDER_FORMAT.test(subject.provider)) throw invalid(`'${subject.provider.slice(0, 40)}' is not a sign-in provider`);
  const namespace = options.namespace ?? cubbyNamespace();
  const now = options.now?.() ?? new Date();
  try {
    const existing = await userTokenSecrets(client, subject.user, namespace);
    // Expired tokens count for nothing. Expired kubeconfig credentials are cleared away (daily
    // downloads would otherwise pile up); expired API tokens stay listed until revoked.
    const live = [];
    for (const secret of existing) {
      const details = info(secret, now);
      if (!details.expired) live.push(secret);
      else if (details.scope) await deleteExpired(client, secret, namespace);
    }
    if (live.length >= MAX_TOKENS_PER_USER) {
      throw new TenancyError(409, 'in_use', `You have ${live.length} API tokens and kubeconfig credentials, the most allowed; revoke one first.`);
    }
    const token = `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
    const hash = sha256(token);
    const id = hash.slice(0, 32);
    const expiresAt = new Date(now.getTime() + spec.lifetimeMs).toISOString();
    const created = await client.create<V1Secret>(
      ResourceTypes.Secret,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: secretName(id),
          namespace,
          labels: {
            [LABEL_API_TOKEN]: 'true',
            [LABEL_TOKEN_USER]: labelHash(subject.user),
            [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY,
            ...(spec.scope ? { [LABEL_TOKEN_SCOPE]: labelHash(spec.scope) } : {}),
          },
          annotations: {
            [ANNOTATION_NAME]: spec.name,
            [ANNOTATION_CREATED]: now.toISOString(),
            [ANNOTATION_EXPIRES]: expiresAt,
            ...(spec.scope ? { [ANNOTATION_SCOPE]: spec.scope } : {}),
          },
        },
        type: SECRET_TYPE,
        immutable: true,
        stringData: { sha256: hash, user: subject.user, provider: subject.provider },
      } as V1Secret,
      namespace,
    );
    return { ...info(created, now), token };
  } catch (error) {
    throw fromKubeError(error, 'API token');
  }
}

async function deleteExpired(client: KubeClient, secret: V1Secret, namespace: string): Promise<void> {
  await client
    .delete(ResourceTypes.Secret, secret.metadata!.name!, namespace)
    .catch((error: unknown) => log.warn({ component: 'api-tokens', secret: secret.metadata?.name, ...errorFields(error) }, 'could not delete an expired API token'));
}

/** The user's tokens, newest first, without anything secret. */
export async function listApiTokens(client: KubeClient, user: string, options: TokenOptions = {}): Promise<ApiTokenInfo[]> {
  const now = options.now?.() ?? new Date();
  const secrets = await userTokenSecrets(client, user, options.namespace ?? cubbyNamespace());
  return secrets.map((secret) => info(secret, now)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** Everybody's tokens (for admins), newest first, without anything secret. */
export async function listAllApiTokens(client: KubeClient, options: TokenOptions = {}): Promise<OwnedApiTokenInfo[]> {
  const now = options.now?.() ?? new Date();
  const list = await client.list<V1Secret>(ResourceTypes.Secret, { namespace: options.namespace ?? cubbyNamespace(), labelSelector: `${LABEL_API_TOKEN}=true` });
  return list.items
    .filter(isTokenSecret)
    .map((secret) => owned(secret, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** One token by id (for admins and audit messages), or undefined. */
export async function findApiToken(client: KubeClient, id: string, options: TokenOptions = {}): Promise<OwnedApiTokenInfo | undefined> {
  if (!ID_FORMAT.test(id)) return undefined;
  const secret = await client.find<V1Secret>(ResourceTypes.Secret, secretName(id), options.namespace ?? cubbyNamespace());
  return secret && isTokenSecret(secret) ? owned(secret, options.now?.() ?? new Date()) : undefined;
}

type RevocationListener = (id: string) => void;
type GlobalWithRevocations = typeof globalThis & { [key: symbol]: Set<RevocationListener> | undefined };
const revocationsKey = Symbol.for('cubby.token-revocations');

// On globalThis: Next.js may load this module once per bundle (routes, instrumentation), and a
// revocation in one must reach listeners in the other.
function revocationListeners(): Set<RevocationListener> {
  const g = globalThis as GlobalWithRevocations;
  return (g[revocationsKey] ??= new Set());
}

/** Tells `listener` the id of every token this process revokes (the gateway forgets it at once). */
export function onTokenRevoked(listener: RevocationListener): () => void {
  revocationListeners().add(listener);
  return () => revocationListeners().delete(listener);
}

async function revoke(client: KubeClient, owner: string | undefined, id: string, options: TokenOptions): Promise<OwnedApiTokenInfo> {
  const namespace = options.namespace ?? cubbyNamespace();
  const missing = () => notFound(`API token '${id.slice(0, 64)}' does not exist.`);
  if (!ID_FORMAT.test(id)) throw missing();
  const secret = await client.find<V1Secret>(ResourceTypes.Secret, secretName(id), namespace);
  if (!secret || !isTokenSecret(secret) || (owner !== undefined && decode(secret.data?.user) !== owner)) throw missing();
  await deleteCubbyObject(client, ResourceTypes.Secret, secretName(id), `API token '${id}'`, {
    namespace,
    resourceVersion: secret.metadata?.resourceVersion,
  });
  for (const listener of revocationListeners()) listener(id);
  return owned(secret, options.now?.() ?? new Date());
}

/**
 * Revokes every kubeconfig credential of a vCluster, everybody's: it was deleted, and a vCluster
 * made later under the same name must not be opened by credentials for the old one. Returns how many.
 */
export async function revokeVClusterCredentials(client: KubeClient, scope: TokenScope, options: TokenOptions = {}): Promise<number> {
  const namespace = options.namespace ?? cubbyNamespace();
  const annotation = `vcluster:${scope.tenant}/${scope.vcluster}`;
  const list = await client.list<V1Secret>(ResourceTypes.Secret, { namespace, labelSelector: `${LABEL_API_TOKEN}=true,${LABEL_TOKEN_SCOPE}=${labelHash(annotation)}` });
  let revoked = 0;
  for (const secret of list.items) {
    if (!isTokenSecret(secret) || secret.metadata?.annotations?.[ANNOTATION_SCOPE] !== annotation) continue;
    await client.delete(ResourceTypes.Secret, secret.metadata!.name!, namespace);
    const id = secret.metadata!.name!.replace(/^cubby-token-/, '');
    for (const listener of revocationListeners()) listener(id);
    revoked += 1;
  }
  return revoked;
}

/** Revokes one of the user's own tokens; any other id, including another user's, is a 404. */
export function revokeApiToken(client: KubeClient, user: string, id: string, options: TokenOptions = {}): Promise<OwnedApiTokenInfo> {
  return revoke(client, user, id, options);
}

/** Revokes anybody's token (admins); an unknown id is a 404. */
export function revokeAnyApiToken(client: KubeClient, id: string, options: TokenOptions = {}): Promise<OwnedApiTokenInfo> {
  return revoke(client, undefined, id, options);
}

/**
 * The subject a token stands for, or undefined for anything that is not a live token (wrong
 * format, unknown, revoked, expired, or made before tokens named their provider). Failures to
 * reach the API server are thrown, not turned into "invalid token", so an outage is not
 * reported as a bad credential. What the subject may do is for the caller to resolve now.
 * A kubeconfig credential is refused unless the caller says it serves the gateway.
 */
export async function verifyApiToken(
  client: KubeClient,
  token: string,
  options: TokenOptions & {
    /** Kubeconfig credentials count only where this is true (the gateway); elsewhere they are no token at all. */
    acceptKubeconfigCredentials?: boolean;
  } = {},
): Promise<VerifiedToken | undefined> {
  if (!TOKEN_FORMAT.test(token)) return undefined;
  const namespace = options.namespace ?? cubbyNamespace();
  const now = options.now?.() ?? new Date();
  const hash = sha256(token);
  const secret = await client.find<V1Secret>(ResourceTypes.Secret, secretName(hash.slice(0, 32)), namespace);
  if (!secret || !isTokenSecret(secret)) return undefined;
  const stored = Buffer.from(decode(secret.data?.sha256), 'hex');
  const given = Buffer.from(hash, 'hex');
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
  const details = info(secret, now);
  if (details.expired) return undefined;
  const user = decode(secret.data?.user);
  const provider = decode(secret.data?.provider);
  if (!user || !PROVIDER_FORMAT.test(provider)) return undefined;
  const scopeAnnotation = secret.metadata?.annotations?.[ANNOTATION_SCOPE];
  const scope = parseScope(scopeAnnotation);
  // A scope Cubby cannot read opens nothing, rather than everything.
  if (scopeAnnotation !== undefined && (!scope || !options.acceptKubeconfigCredentials)) return undefined;
  const lastUsed = details.lastUsedAt ? new Date(details.lastUsedAt).getTime() : 0;
  if (!(now.getTime() - lastUsed < LAST_USED_RESOLUTION_MS)) {
    // Bookkeeping only: a failure here must not turn a valid token away.
    await client
      .patch(ResourceTypes.Secret, secret.metadata!.name!, namespace, { metadata: { annotations: { [ANNOTATION_LAST_USED]: now.toISOString() } } })
      .catch((error: unknown) => log.warn({ component: 'api-tokens', tokenId: details.id, ...errorFields(error) }, 'could not record the last use of an API token'));
  }
  return { user, provider, id: details.id, ...(scope ? { scope } : {}) };
}
