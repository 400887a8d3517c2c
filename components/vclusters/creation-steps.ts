import type { CreationStep } from '@/lib/client/api-types';

export const CREATION_STEPS: Array<{ id: CreationStep; label: string; detail: string }> = [
  { id: 'rendering', label: 'Rendering', detail: 'Rendering the chart with your options' },
  { id: 'applying', label: 'Applying', detail: 'Applying the objects to the host cluster' },
  { id: 'control-plane-starting', label: 'Control plane starting', detail: 'Scheduling and starting the virtual control plane' },
  { id: 'kubeconfig-pending', label: 'Kubeconfig pending', detail: 'Waiting for the vCluster to write its kubeconfig' },
  { id: 'ready', label: 'Ready', detail: 'The vCluster is ready to use' },
];

export function stepIndex(step: CreationStep): number {
  return CREATION_STEPS.findIndex((s) => s.id === step);
}

export function stepLabel(step: CreationStep): string {
  return CREATION_STEPS.find((s) => s.id === step)?.label ?? step;
}
