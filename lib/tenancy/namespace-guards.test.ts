import { describe, expect, it } from 'vitest';
import { ANNOTATION_INGRESS_HOSTS } from './ingress-hosts';
import { controlPlaneIngressHost, namespaceGuards } from './namespace-guards';
import { PodSecurityLevelSchema, podSecurityLabels, podSecurityLevelOf } from './pod-security';

const tenant = { name: 'tenant-a', spec: { members: { users: [], groups: [] }, quota: { maxVClusters: 1 }, templates: ['std'], ingressHosts: ['*.tenant-a.example.com'] } };

describe('namespace guards', () => {
  it('enforces, warns about and audits baseline by default', () => {
    const guards = namespaceGuards({ tenant, template: { spec: { baseValues: {}, allowedOptions: [] } }, vcluster: 'dev' });
    expect(guards.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
    });
    expect(guards.annotations).toEqual({ [ANNOTATION_INGRESS_HOSTS]: '*.tenant-a.example.com' });
  });

  it("takes the template's level and patterns", () => {
    const guards = namespaceGuards({
      tenant,
      template: { spec: { baseValues: {}, allowedOptions: [], podSecurityLevel: 'restricted', ingressHosts: ['{vcluster}.{tenant}.preview.example.com'] } },
      vcluster: 'dev',
    });
    expect(guards.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(guards.annotations[ANNOTATION_INGRESS_HOSTS]).toBe('*.tenant-a.example.com,dev.tenant-a.preview.example.com');
  });

  it('keeps the level a namespace has when its template is gone, else baseline', () => {
    expect(namespaceGuards({ tenant, vcluster: 'x', fallbackLevel: 'restricted' }).labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(namespaceGuards({ tenant, vcluster: 'x' }).labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('writes an empty host list rather than none, so the policy refuses every host', () => {
    const guards = namespaceGuards({ tenant: { ...tenant, spec: { ...tenant.spec, ingressHosts: undefined } }, vcluster: 'x' });
    expect(guards.annotations).toEqual({ [ANNOTATION_INGRESS_HOSTS]: '' });
  });

  it("allows the chart's own control-plane Ingress host only while it is on", () => {
    expect(controlPlaneIngressHost({ controlPlane: { ingress: { enabled: true, host: 'api.t.example.com' } } })).toBe('api.t.example.com');
    expect(controlPlaneIngressHost({ controlPlane: { ingress: { enabled: false, host: 'api.t.example.com' } } })).toBeUndefined();
    const guards = namespaceGuards({ tenant, vcluster: 'x', values: { controlPlane: { ingress: { enabled: true, host: 'api.t.example.com' } } } });
    expect(guards.annotations[ANNOTATION_INGRESS_HOSTS]).toBe('*.tenant-a.example.com,api.t.example.com');
  });
});

describe('pod security levels', () => {
  it('knows only the three standard levels', () => {
    expect(PodSecurityLevelSchema.safeParse('privileged').success).toBe(true);
    expect(PodSecurityLevelSchema.safeParse('none').success).toBe(false);
    expect(podSecurityLevelOf(podSecurityLabels('restricted'))).toBe('restricted');
    expect(podSecurityLevelOf({ 'pod-security.kubernetes.io/enforce': 'weird' })).toBeUndefined();
  });
});
