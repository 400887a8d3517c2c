// Certificates for the sandbox's control planes, made with the openssl CLI (Node has no API to
// sign X.509 certificates). EC P-256 keys keep generation fast.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificatePaths {
  cert: string;
  key: string;
}

export interface CertificateRequest {
  commonName: string;
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  usage: 'server' | 'client' | 'server-and-client';
}

const VALID_DAYS = '3650';

function openssl(args: string[], input?: string): void {
  try {
    execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], input });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`);
  }
}

function newKey(path: string): void {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', path]);
}

/** Creates (once) a CA named `name` in `dir`; later calls return the existing one. */
export function ensureCertificateAuthority(dir: string, name = 'ca', commonName = 'cubby-sandbox-ca'): CertificatePaths {
  mkdirSync(dir, { recursive: true });
  const paths = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  if (existsSync(paths.cert) && existsSync(paths.key)) return paths;
  newKey(paths.key);
  openssl([
    'req', '-x509', '-new', '-key', paths.key, '-sha256', '-days', VALID_DAYS,
    '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out', paths.cert,
  ]);
  return paths;
}

function subject(request: CertificateRequest): string {
  const orgs = (request.organizations ?? []).map((o) => `/O=${o}`).join('');
  return `${orgs}/CN=${request.commonName}`;
}

function extensions(request: CertificateRequest): string {
  const usages = {
    server: 'serverAuth',
    client: 'clientAuth',
    'server-and-client': 'serverAuth,clientAuth',
  }[request.usage];
  const alt = [
    ...(request.dnsNames ?? []).map((d) => `DNS:${d}`),
    ...(request.ipAddresses ?? []).map((ip) => `IP:${ip}`),
  ];
  const lines = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usages}`,
  ];
  if (alt.length > 0) lines.push(`subjectAltName=${alt.join(',')}`);
  return `${lines.join('\n')}\n`;
}

/** Issues `name.crt`/`name.key` in `dir`, signed by `ca`. Overwrites an earlier one. */
export function issueCertificate(dir: string, name: string, ca: CertificatePaths, request: CertificateRequest): CertificatePaths {
  mkdirSync(dir, { recursive: true });
  const paths = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  newKey(paths.key);
  openssl(['req', '-new', '-key', paths.key, '-subj', subject(request), '-out', csr]);
  writeFileSync(ext, extensions(request));
  openssl([
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial',
    '-sha256', '-days', VALID_DAYS, '-extfile', ext, '-out', paths.cert,
  ]);
  return paths;
}

/** A key pair for signing service-account tokens. */
export function ensureServiceAccountKeys(dir: string): { privateKey: string; publicKey: string } {
  mkdirSync(dir, { recursive: true });
  const keys = { privateKey: join(dir, 'sa.key'), publicKey: join(dir, 'sa.pub') };
  if (existsSync(keys.privateKey) && existsSync(keys.publicKey)) return keys;
  newKey(keys.privateKey);
  openssl(['ec', '-in', keys.privateKey, '-pubout', '-out', keys.publicKey]);
  return keys;
}

export function base64File(path: string): string {
  return readFileSync(path).toString('base64');
}
