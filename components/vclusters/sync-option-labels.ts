import type { EffectiveSyncOptions } from '@/lib/client/api-types';

/** Short labels for the options that are on. */
export function syncOptionLabels(options: EffectiveSyncOptions): string[] {
  const labels: string[] = [];
  if (options.ingressSync) labels.push('Ingress sync');
  if (options.ingressClassSync) labels.push('IngressClass sync');
  if (options.nodeSync.enabled) {
    const selector = options.nodeSync.selector;
    const pairs = (map: Record<string, string>) => Object.entries(map).map(([k, v]) => `${k}=${v}`).join(', ');
    if ('labels' in selector) labels.push(`Node sync: nodes with ${pairs(selector.labels)}`);
    else if (!selector.all) labels.push('Node sync');
    else labels.push(options.nodeSync.podNodeSelector ? `Node sync: all host nodes, pods on ${pairs(options.nodeSync.podNodeSelector)}` : 'Node sync: all host nodes');
  }
  return labels;
}
