import { stringify } from 'yaml';
import { base64File, type CertificatePaths } from './pki';

/** The sandbox's cluster and context name in every kubeconfig it writes. */
export const SANDBOX_CONTEXT = 'cubby-sandbox';

/** A self-contained kubeconfig (certificates embedded) for one user of one API server. */
export function kubeconfigYaml(options: {
  clusterName: string;
  server: string;
  caCert: string;
  user: string;
  client: CertificatePaths;
}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.clusterName,
        cluster: { server: options.server, 'certificate-authority-data': base64File(options.caCert) },
      },
    ],
    users: [
      {
        name: options.user,
        user: {
          'client-certificate-data': base64File(options.client.cert),
          'client-key-data': base64File(options.client.key),
        },
      },
    ],
    contexts: [{ name: options.clusterName, context: { cluster: options.clusterName, user: options.user } }],
    'current-context': options.clusterName,
  });
}
