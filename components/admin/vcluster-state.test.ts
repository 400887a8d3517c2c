import { describe, expect, it } from 'vitest';
import { countStates, stateBucket, stateLabel } from './vcluster-state';

const view = (status: string, creationStep: 'rendering' | 'applying' | 'control-plane-starting' | 'kubeconfig-pending' | 'ready', extra: { paused?: boolean; terminating?: boolean } = {}) => ({
  status,
  creationStep,
  paused: extra.paused ?? false,
  terminating: extra.terminating ?? false,
});

describe('stateBucket', () => {
  it('is running only once the kubeconfig exists', () => {
    expect(stateBucket(view('Running', 'ready'))).toBe('running');
    expect(stateBucket(view('Running', 'kubeconfig-pending'))).toBe('pending');
  });

  it('counts a vCluster coming up as pending, and a failing one as other', () => {
    for (const status of ['Unknown', 'Pending', 'ContainerCreating', 'PodInitializing', 'Init:0/1']) {
      expect(stateBucket(view(status, 'control-plane-starting'))).toBe('pending');
    }
    expect(stateBucket(view('Unknown', 'rendering'))).toBe('pending');
    expect(stateBucket(view('CrashLoopBackOff', 'control-plane-starting'))).toBe('other');
    expect(stateBucket(view('Init:Error', 'control-plane-starting'))).toBe('other');
    expect(stateBucket(view('ScaledDown', 'ready'))).toBe('other');
  });

  it('paused wins over the pod status; deleting wins over everything', () => {
    expect(stateBucket(view('Paused', 'ready', { paused: true }))).toBe('paused');
    expect(stateBucket(view('Running', 'ready', { terminating: true }))).toBe('other');
    expect(stateLabel(view('Running', 'ready', { terminating: true }))).toBe('Deleting');
  });

  it('counts by bucket', () => {
    expect(countStates([view('Running', 'ready'), view('Running', 'ready'), view('Paused', 'ready', { paused: true }), view('Error', 'ready')])).toEqual({
      running: 2,
      pending: 0,
      paused: 1,
      other: 1,
    });
  });
});
