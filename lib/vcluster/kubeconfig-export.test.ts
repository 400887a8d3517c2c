import type { V1Service } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  KubeconfigError,
  type ServiceLike,
  chooseServer,
  exportKubeconfig,
  kubeconfigFromSecretData,
  kubeconfigContextName,
  normalizeServer,
  readKubeconfigServer,
} from './kubeconfig-export';

// Long base64 blobs, as real certificates are: they must come out byte-identical.
const CA = randomBytes(1200).toString('base64');
const CERT = randomBytes(1100).toString('base64');
const KEY = randomBytes(1600).toString('base64');

const SECRET_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://localhost:8443
  name: my-vcluster
contexts:
- context:
    cluster: my-vcluster
    user: my-vcluster
  name: my-vcluster
current-context: my-vcluster
preferences: {}
users:
- name: my-vcluster
  user:
    client-certificate-data: ${CERT}
    client-key-data: ${KEY}
`;

const clusterIp: ServiceLike = {
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ name: 'https', port: 443 }, { name: 'kubelet', port: 10250 }] },
};
const nodePort: ServiceLike = {
  spec: { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ name: 'https', port: 443, nodePort: 31443 }] },
};
const loadBalancer = (ingress: Array<{ ip?: string; hostname?: string }>): ServiceLike => ({
  spec: { type: 'LoadBalancer', clusterIP: '10.96.0.20', ports: [{ name: 'https', port: 443, nodePort: 30443 }] },
  status: { loadBalancer: { ingress } },
});

const base = { name: 'dev', namespace: 'vc-acme--dev' };

describe('chooseServer: priority explicit > LoadBalancer > ingress > NodePort > port-forward', () => {
  it('an explicit server wins over everything', () => {
    const choice = chooseServer({
      ...base,
      reach: {
        explicitServer: 'https://dev.example.com/',
        service: loadBalancer([{ ip: '203.0.113.7' }]),
        ingressHost: 'ingress.example.com',
        nodeAddress: '192.0.2.1',
        extraSANs: ['dev.example.com'],
      },
    });
    expect(choice).toEqual({ server: 'https://dev.example.com', strategy: 'explicit', portForwardRequired: false, notes: [] });
  });

  it('a LoadBalancer IP, or its hostname', () => {
    const reach = { service: loadBalancer([{ ip: '203.0.113.7' }]), ingressHost: 'ingress.example.com', nodeAddress: '192.0.2.1' };
    expect(chooseServer({ ...base, reach })).toMatchObject({ server: 'https://203.0.113.7', strategy: 'load-balancer' });
    expect(chooseServer({ ...base, reach: { service: loadBalancer([{ hostname: 'lb.example.com' }]) } })).toMatchObject({
      server: 'https://lb.example.com',
      strategy: 'load-balancer',
    });
  });

  it('the ingress host when the LoadBalancer has no address yet, saying so', () => {
    const choice = chooseServer({ ...base, reach: { service: loadBalancer([]), ingressHost: 'dev.vc.example.com' } });
    expect(choice.server).toBe('https://dev.vc.example.com');
    expect(choice.strategy).toBe('ingress');
    expect(choice.notes).toEqual(['The LoadBalancer has no address yet; download again once it is assigned.']);
  });

  it('the NodePort on the configured node address, warning about the certificate', () => {
    const choice = chooseServer({ ...base, reach: { service: nodePort, nodeAddress: '192.0.2.1' } });
    expect(choice.server).toBe('https://192.0.2.1:31443');
    expect(choice.strategy).toBe('node-port');
    expect(choice.notes[0]).toMatch(/'192.0.2.1' is not among the names.*extraSANs/);
    const covered = chooseServer({ ...base, reach: { service: nodePort, nodeAddress: '192.0.2.1', extraSANs: ['192.0.2.1'] } });
    expect(covered.notes).toEqual([]);
  });

  it('brackets IPv6 node addresses', () => {
    expect(chooseServer({ ...base, reach: { service: nodePort, nodeAddress: '2001:db8::1' } }).server).toBe(
      'https://[2001:db8::1]:31443',
    );
  });

  it('a port-forward with the exact command when nothing else is reachable', () => {
    expect(chooseServer({ ...base, reach: { service: clusterIp } })).toEqual({
      server: 'https://localhost:8443',
      strategy: 'port-forward',
      portForwardRequired: true,
      portForwardCommand: 'kubectl port-forward -n vc-acme--dev svc/dev 8443:443',
      notes: [
        'The vCluster is not exposed outside the host cluster. Run `kubectl port-forward -n vc-acme--dev svc/dev 8443:443` and keep it running.',
      ],
    });
    const other = chooseServer({ ...base, reach: {}, localPort: 9443 });
    expect(other.server).toBe('https://localhost:9443');
    expect(other.portForwardCommand).toBe('kubectl port-forward -n vc-acme--dev svc/dev 9443:443');
  });

  it('a NodePort without a node address falls back to a port-forward and says why', () => {
    const choice = chooseServer({ ...base, reach: { service: nodePort } });
    expect(choice.strategy).toBe('port-forward');
    expect(choice.notes[0]).toBe('The Service has NodePort 31443, but no node address is configured to reach it.');
  });

  it('accepts a V1Service', () => {
    const service: V1Service = {
      spec: { type: 'LoadBalancer', ports: [{ name: 'https', port: 443 }] },
      status: { loadBalancer: { ingress: [{ ip: '198.51.100.4' }] } },
    };
    expect(chooseServer({ ...base, reach: { service } }).server).toBe('https://198.51.100.4');
  });
});

describe('normalizeServer', () => {
  it('adds https and strips trailing slashes, refuses http and garbage', () => {
    expect(normalizeServer('dev.example.com')).toBe('https://dev.example.com');
    expect(normalizeServer('dev.example.com:6443')).toBe('https://dev.example.com:6443');
    expect(normalizeServer('https://proxy.example.com/vc/dev/')).toBe('https://proxy.example.com/vc/dev');
    expect(() => normalizeServer('http://dev.example.com')).toThrow(/must use https/);
    expect(() => normalizeServer('https://exa mple')).toThrow(KubeconfigError);
  });
});

describe('exportKubeconfig', () => {
  it('rewrites the server, renames everything, and keeps certificate data intact', () => {
    const result = exportKubeconfig({
      ...base,
      kubeconfig: SECRET_KUBECONFIG,
      hostContext: 'prod-eu',
      reach: { service: loadBalancer([{ ip: '203.0.113.7' }]) },
    });
    expect(result.contextName).toBe('vcluster_dev_vc-acme--dev_prod-eu');
    expect(result.strategy).toBe('load-balancer');
    expect(parse(result.kubeconfig)).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: result.contextName, cluster: { 'certificate-authority-data': CA, server: 'https://203.0.113.7' } }],
      users: [{ name: result.contextName, user: { 'client-certificate-data': CERT, 'client-key-data': KEY } }],
      contexts: [{ name: result.contextName, context: { cluster: result.contextName, user: result.contextName } }],
      'current-context': result.contextName,
      preferences: {},
    });
    // No folded lines: every base64 blob is on one line.
    expect(result.kubeconfig.split('\n').some((line) => line.endsWith(CA))).toBe(true);
  });

  it('keeps the localhost server and flags a port-forward when unexposed', () => {
    const result = exportKubeconfig({ ...base, kubeconfig: SECRET_KUBECONFIG, reach: {} });
    expect(result.contextName).toBe('vcluster_dev_vc-acme--dev_cubby');
    expect(result.portForwardRequired).toBe(true);
    expect(readKubeconfigServer(result.kubeconfig)).toBe('https://localhost:8443');
  });

  it('replaces the client certificate with a bearer token when given', () => {
    const result = exportKubeconfig({ ...base, kubeconfig: SECRET_KUBECONFIG, reach: {}, token: 'eyJhbGciOi.short-lived' });
    const config = parse(result.kubeconfig);
    expect(config.users).toEqual([{ name: result.contextName, user: { token: 'eyJhbGciOi.short-lived' } }]);
    expect(config.clusters[0].cluster['certificate-authority-data']).toBe(CA);
  });

  it('uses the current context when the file has several', () => {
    const text = `
clusters:
- name: a
  cluster: { server: "https://a:1", insecure-skip-tls-verify: true }
- name: b
  cluster: { server: "https://b:2" }
users:
- name: ua
  user: { token: ta }
- name: ub
  user: { token: tb }
contexts:
- name: ca
  context: { cluster: a, user: ua, namespace: team }
- name: cb
  context: { cluster: b, user: ub }
current-context: ca
`;
    expect(readKubeconfigServer(text)).toBe('https://a:1');
    const config = parse(exportKubeconfig({ ...base, kubeconfig: text, reach: { explicitServer: 'dev.example.com' } }).kubeconfig);
    expect(config.clusters[0].cluster).toEqual({ server: 'https://dev.example.com', 'insecure-skip-tls-verify': true });
    expect(config.users[0].user).toEqual({ token: 'ta' });
    expect(config.contexts[0].context.namespace).toBe('team');
  });

  it('fails clearly on broken input', () => {
    expect(() => readKubeconfigServer('a: [')).toThrow(/not valid YAML/);
    expect(() => readKubeconfigServer('clusters: []')).toThrow(/no usable current context/);
    expect(() =>
      readKubeconfigServer('contexts: [{name: x, context: {cluster: missing, user: u}}]\ncurrent-context: x'),
    ).toThrow("kubeconfig has no cluster 'missing'");
  });
});

describe('Secret helpers', () => {
  it('reads the Secret server and decodes its data', () => {
    const data = { config: Buffer.from(SECRET_KUBECONFIG).toString('base64') };
    expect(readKubeconfigServer(kubeconfigFromSecretData(data))).toBe('https://localhost:8443');
    expect(() => kubeconfigFromSecretData({})).toThrow("Secret has no 'config' key");
  });

  it('names contexts like the vcluster CLI', () => {
    expect(kubeconfigContextName('dev', 'team-a', 'kind-host')).toBe('vcluster_dev_team-a_kind-host');
  });
});
