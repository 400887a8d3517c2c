// The host API server's own check of ingress host names in vCluster namespaces: one cluster-wide
// ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA since Kubernetes 1.30; no webhook
// server, so it holds while Cubby is down) and its binding. It matches every Ingress created or
// updated in a namespace labelled with a Cubby tenant, whoever writes it (the vCluster's syncer,
// the tenant's host identity, Cubby itself), and reads the allowed patterns from the namespace's
// annotation (ingress-hosts.ts), which neither the tenant nor the syncer may change: namespaces are
// cluster-scoped and their Roles grant nothing on them. Installed with the CRDs at start-up
// (crds.ts ensureCubbyCrds); a Helm chart of Cubby must carry the same two objects.
import type { KubernetesObject } from '@kubernetes/client-node';
import { LABEL_MANAGED_BY, LABEL_TENANT, MANAGED_BY_CUBBY } from './model';
import { ANNOTATION_INGRESS_HOSTS } from './ingress-hosts';

export const INGRESS_HOST_POLICY_NAME = 'cubby-ingress-hosts';
const ADMISSION_API = 'admissionregistration.k8s.io/v1';

/** CEL: does `host` match one of the namespace's patterns (ingress-hosts.ts ingressHostAllowed). */
const allowed = (host: string) => `variables.allowed.exists(p, p == ${host} || (p.startsWith('*.') && ${host}.endsWith(p.substring(1))))`;

const ALLOWED_LIST = `(variables.allowed.size() == 0 ? 'none' : variables.allowed.join(', '))`;

export function ingressHostPolicyObjects(): (KubernetesObject & Record<string, unknown>)[] {
  const labels = { [LABEL_MANAGED_BY]: MANAGED_BY_CUBBY };
  return [
    {
      apiVersion: ADMISSION_API,
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: INGRESS_HOST_POLICY_NAME, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
          namespaceSelector: { matchExpressions: [{ key: LABEL_TENANT, operator: 'Exists' }] },
        },
        variables: [
          {
            name: 'allowed',
            expression: `has(namespaceObject.metadata.annotations) && '${ANNOTATION_INGRESS_HOSTS}' in namespaceObject.metadata.annotations ? namespaceObject.metadata.annotations['${ANNOTATION_INGRESS_HOSTS}'].split(',').map(p, p.trim()).filter(p, p != '') : []`,
          },
        ],
        validations: [
          {
            expression: '!has(object.spec.defaultBackend)',
            reason: 'Forbidden',
            message: 'a default backend is not allowed in a vCluster namespace: on a shared ingress controller it catches every host; give each rule a host',
          },
          {
            expression: `!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && ${allowed('r.host')})`,
            reason: 'Forbidden',
            messageExpression: `'ingress host ' + object.spec.rules.filter(r, !has(r.host) || !${allowed('r.host')}).map(r, has(r.host) ? r.host : '(none)').join(', ') + ' is not allowed in this vCluster; allowed host patterns: ' + ${ALLOWED_LIST}`,
          },
          {
            expression: `!has(object.spec.tls) || object.spec.tls.all(t, !has(t.hosts) || t.hosts.all(h, ${allowed('h')}))`,
            reason: 'Forbidden',
            messageExpression: `'TLS host names of this Ingress are not allowed in this vCluster; allowed host patterns: ' + ${ALLOWED_LIST}`,
          },
        ],
      },
    },
    {
      apiVersion: ADMISSION_API,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: INGRESS_HOST_POLICY_NAME, labels },
      spec: { policyName: INGRESS_HOST_POLICY_NAME, validationActions: ['Deny'] },
    },
  ];
}
