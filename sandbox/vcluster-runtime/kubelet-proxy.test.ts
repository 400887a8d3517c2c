import { describe, expect, it } from 'vitest';
import { hostPathFor, kubeletSocketPath } from './kubelet-proxy';

const pods = '/api/v1/namespaces/vc-acme--dev/pods';

describe('kubelet proxy paths', () => {
  it('sends a virtual pod’s logs, exec, attach and port-forward to its host copy', () => {
    const logs = hostPathFor('/containerLogs/default/web/nginx?follow=true&tailLines=10', 'dev', 'vc-acme--dev');
    expect(logs?.path).toBe(`${pods}/web-x-default-x-dev/log`);
    expect(Object.fromEntries(logs!.query)).toEqual({ follow: 'true', tailLines: '10', container: 'nginx' });

    const exec = hostPathFor('/exec/default/web/nginx?command=echo&command=hi&output=1&error=1', 'dev', 'vc-acme--dev');
    expect(exec?.path).toBe(`${pods}/web-x-default-x-dev/exec`);
    expect(exec!.query.getAll('command')).toEqual(['echo', 'hi']);
    expect(exec!.query.get('stdout')).toBe('true');
    expect(exec!.query.get('stderr')).toBe('true');
    expect(exec!.query.get('container')).toBe('nginx');

    // With the pod's uid before the container, as newer API servers send it.
    expect(hostPathFor('/attach/ns1/web/0b6f-uid/app?input=1&tty=1', 'dev', 'vc-acme--dev')).toMatchObject({ path: `${pods}/web-x-ns1-x-dev/attach` });
    expect(Object.fromEntries(hostPathFor('/attach/ns1/web/0b6f-uid/app?input=1&tty=1', 'dev', 'vc-acme--dev')!.query)).toEqual({ stdin: 'true', tty: 'true', container: 'app' });

    expect(hostPathFor('/portForward/default/web', 'dev', 'vc-acme--dev')?.path).toBe(`${pods}/web-x-default-x-dev/portforward`);
  });

  it('serves nothing else (stats, metrics, pods)', () => {
    expect(hostPathFor('/stats/summary', 'dev', 'ns')).toBeUndefined();
    expect(hostPathFor('/metrics/cadvisor', 'dev', 'ns')).toBeUndefined();
    expect(hostPathFor('/pods', 'dev', 'ns')).toBeUndefined();
  });

  it('keeps the socket path short whatever the state directory', () => {
    expect(kubeletSocketPath(`/work/${'x'.repeat(200)}`).length).toBeLessThan(100);
  });
});
