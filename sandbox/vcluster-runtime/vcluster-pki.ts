// Certificates and keys of one virtual control plane, kept in its state directory so they
// survive pause, resume and config restarts: a kubeconfig handed out once keeps working. Only
// the serving certificate is reissued, and only when the names it must carry change.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import {
  ensureCertificateAuthority,
  ensureServiceAccountKeys,
  issueCertificate,
  type CertificatePaths,
} from '../host/pki';

export interface VClusterPki {
  dir: string;
  ca: CertificatePaths;
  serving: CertificatePaths;
  admin: CertificatePaths;
  controllerManager: CertificatePaths;
  serviceAccount: { privateKey: string; publicKey: string };
  /** Static bearer token of the admin user (the `token` key of Secret vc-NAME). */
  token: string;
  tokenFile: string;
}

export interface ServingNames {
  name: string;
  namespace: string;
  /** ClusterIP of the host Service NAME, when it has one. */
  serviceIP?: string;
  extraSANs: string[];
}

/** The virtual `kubernetes` Service's address in the service range the virtual API server uses. */
export const VIRTUAL_KUBERNETES_SERVICE_IP = '10.96.0.1';

export function servingSubjectAltNames(names: ServingNames): { dnsNames: string[]; ipAddresses: string[] } {
  const { name, namespace } = names;
  const all = [
    'localhost',
    name,
    `${name}.${namespace}`,
    `${name}.${namespace}.svc`,
    `${name}.${namespace}.svc.cluster.local`,
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    '127.0.0.1',
    VIRTUAL_KUBERNETES_SERVICE_IP,
    ...(names.serviceIP && names.serviceIP !== 'None' ? [names.serviceIP] : []),
    ...names.extraSANs,
  ];
  const unique = [...new Set(all)];
  return { dnsNames: unique.filter((n) => isIP(n) === 0), ipAddresses: unique.filter((n) => isIP(n) !== 0) };
}

function issueOnce(dir: string, file: string, ca: CertificatePaths, request: Parameters<typeof issueCertificate>[3]): CertificatePaths {
  const paths = { cert: join(dir, `${file}.crt`), key: join(dir, `${file}.key`) };
  if (existsSync(paths.cert) && existsSync(paths.key)) return paths;
  return issueCertificate(dir, file, ca, request);
}

export function ensureVClusterPki(dir: string, names: ServingNames): VClusterPki {
  const ca = ensureCertificateAuthority(dir, 'ca', `vcluster-${names.name}-ca`);

  const sans = servingSubjectAltNames(names);
  const sansFile = join(dir, 'serving-sans.json');
  const wanted = JSON.stringify(sans);
  let serving = { cert: join(dir, 'serving.crt'), key: join(dir, 'serving.key') };
  const current = existsSync(sansFile) ? readFileSync(sansFile, 'utf8') : '';
  if (current !== wanted || !existsSync(serving.cert) || !existsSync(serving.key)) {
    serving = issueCertificate(dir, 'serving', ca, { commonName: 'kube-apiserver', usage: 'server', ...sans });
    writeFileSync(sansFile, wanted);
  }

  const admin = issueOnce(dir, 'admin', ca, { commonName: 'kube-admin', organizations: ['system:masters'], usage: 'client' });
  const controllerManager = issueOnce(dir, 'controller-manager', ca, { commonName: 'system:kube-controller-manager', usage: 'client' });
  const serviceAccount = ensureServiceAccountKeys(dir);

  const tokenPath = join(dir, 'token');
  if (!existsSync(tokenPath)) writeFileSync(tokenPath, randomBytes(24).toString('hex'), { mode: 0o600 });
  const token = readFileSync(tokenPath, 'utf8').trim();
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},kube-admin,kube-admin,"system:masters"\n`, { mode: 0o600 });

  return { dir, ca, serving, admin, controllerManager, serviceAccount, token, tokenFile };
}
