import 'server-only';
// Asking the API server whether someone may do something, without doing it: a
// SubjectAccessReview. Cubby writes with its own identity, so before it writes for a tenant it
// asks this question about the tenant's user and groups; the host's RBAC answers, not Cubby.
// Creating a review needs only `create` on subjectaccessreviews, no right to impersonate.
import type { KubeClient } from './client';
import type { Identity } from './identity';

/** What is asked about, as RBAC sees a request: verb, API group, resource and subresource, name. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
  /** Absent for cluster-scoped resources. */
  namespace?: string;
}

export interface AccessDecision {
  allowed: boolean;
  /** The authorizer's words, when it gave any (for logs, never for tenants). */
  reason?: string;
}

interface ReviewStatus {
  status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}

/** Every authenticated user belongs to this group; the API server adds it to a real request too. */
const AUTHENTICATED = 'system:authenticated';

/**
 * Whether `subject` may do what `attributes` describe. Ask with Cubby's own client: an
 * impersonating client would review as the impersonated user, who may not create reviews.
 */
export async function reviewAccess(client: KubeClient, subject: Identity, attributes: ResourceAttributes): Promise<AccessDecision> {
  if (client.identity) throw new Error('a SubjectAccessReview is made with Cubby\'s own identity, not an impersonating client');
  const groups = subject.groups.includes(AUTHENTICATED) ? [...subject.groups] : [...subject.groups, AUTHENTICATED];
  const resourceAttributes: Record<string, string> = { verb: attributes.verb, group: attributes.group, resource: attributes.resource };
  if (attributes.subresource) resourceAttributes.subresource = attributes.subresource;
  if (attributes.name) resourceAttributes.name = attributes.name;
  if (attributes.namespace) resourceAttributes.namespace = attributes.namespace;
  const review = await client.request<ReviewStatus>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: subject.user, groups, resourceAttributes },
    },
    ref: { kind: 'SubjectAccessReview' },
  });
  const status = review.status ?? {};
  const decision: AccessDecision = { allowed: status.allowed === true && status.denied !== true };
  const reason = status.reason || status.evaluationError;
  if (reason) decision.reason = reason;
  return decision;
}
