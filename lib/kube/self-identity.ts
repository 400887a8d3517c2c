import 'server-only';
// Who Cubby is to the API server, asked once per client with a SelfSubjectReview
// (authentication.k8s.io/v1, which every authenticated user may create): the user name and groups
// of its service account in a pod, or of whatever the kubeconfig holds outside one. Cubby binds
// that identity, by name, in the namespaces of the vClusters it manages.
import type { RbacV1Subject } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import type { Identity } from './identity';

interface SelfSubjectReview {
  status?: { userInfo?: { username?: string; groups?: string[] } };
}

const known = new WeakMap<KubeClient, Promise<Identity>>();

export function selfIdentity(client: KubeClient): Promise<Identity> {
  let identity = known.get(client);
  if (!identity) {
    identity = client
      .request<SelfSubjectReview>({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        ref: { kind: 'SelfSubjectReview' },
      })
      .then((review) => {
        const user = review.status?.userInfo?.username;
        if (!user) throw new Error('the API server did not say who Cubby is (SelfSubjectReview without a user name)');
        return { user, groups: review.status?.userInfo?.groups ?? [] };
      });
    identity.catch(() => known.delete(client));
    known.set(client, identity);
  }
  return identity;
}

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([a-z0-9][-a-z0-9]*):([a-z0-9][-a-z0-9.]*)$/;

/** An RBAC subject for the identity: a ServiceAccount when it is one, else a User. */
export function subjectFor(identity: Identity): RbacV1Subject {
  const match = SERVICE_ACCOUNT_USER.exec(identity.user);
  if (match) return { kind: 'ServiceAccount', namespace: match[1]!, name: match[2]! };
  return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: identity.user };
}
