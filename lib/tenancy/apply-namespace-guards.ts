import 'server-only';
// Brings an existing vCluster namespace's guards (namespace-guards.ts) in line with its tenant and
// template: after a tenant update, and when a found vCluster is assigned to a tenant. A merge
// patch touches only these keys, whoever else owns the namespace's other labels.
import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '@/lib/kube/client';
import { ResourceTypes } from '@/lib/kube/resource-types';
import type { ChartValues } from '@/lib/vcluster/values-tree';
import { ANNOTATION_TEMPLATE, ANNOTATION_VALUES } from '@/lib/vcluster/host-metadata';
import type { Tenant } from './model';
import { namespaceGuards, type NamespaceGuards } from './namespace-guards';
import { podSecurityLevelOf } from './pod-security';
import { findTemplate } from './template-store';

function parseValues(text: string | undefined): ChartValues | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as ChartValues;
  } catch {
    return undefined;
  }
}

export async function applyNamespaceGuards(client: KubeClient, tenant: Tenant, namespace: string, vcluster: string): Promise<NamespaceGuards> {
  const ns = await client.get<V1Namespace>(ResourceTypes.Namespace, namespace);
  const annotations = ns.metadata?.annotations ?? {};
  const templateName = annotations[ANNOTATION_TEMPLATE];
  const template = templateName ? await findTemplate(client, templateName) : undefined;
  const guards = namespaceGuards({
    tenant,
    template,
    vcluster,
    values: parseValues(annotations[ANNOTATION_VALUES]),
    fallbackLevel: podSecurityLevelOf(ns.metadata?.labels),
  });
  await client.patch(ResourceTypes.Namespace, namespace, undefined, { metadata: { labels: guards.labels, annotations: guards.annotations } }, 'merge');
  return guards;
}
