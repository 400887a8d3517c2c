import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { hostObjectName, isSyncedBy, safeConcatName, virtualObjectRef } from './host-object-name';

// Expected hashes below were computed once, outside this code, with
// `node -e "crypto.createHash('sha256').update(FULL).digest('hex').slice(0, 10)"`.

describe('hostObjectName', () => {
  it('joins name, namespace and vCluster with -x-', () => {
    expect(hostObjectName('web-0', 'default', 'dev')).toBe('web-0-x-default-x-dev');
  });

  it('keeps a name of exactly 63 characters', () => {
    const name = hostObjectName('a'.repeat(40), 'default', 'b'.repeat(10));
    expect(name).toBe(`${'a'.repeat(40)}-x-default-x-${'b'.repeat(10)}`);
    expect(name).toHaveLength(63);
  });

  it('shortens 64 characters to 52 + "-" + 10 hex of sha256', () => {
    const full = `${'a'.repeat(41)}-x-default-x-${'b'.repeat(10)}`;
    expect(full).toHaveLength(64);
    const name = hostObjectName('a'.repeat(41), 'default', 'b'.repeat(10));
    expect(name).toBe(`${full.slice(0, 52)}-fddbe3876e`);
    expect(name).toHaveLength(63);
  });

  it('shortens a realistic pod name', () => {
    // full: my-very-long-deployment-name-7d9f8b6c5d-abcde-x-default-x-my-vcluster (69)
    expect(hostObjectName('my-very-long-deployment-name-7d9f8b6c5d-abcde', 'default', 'my-vcluster')).toBe(
      'my-very-long-deployment-name-7d9f8b6c5d-abcde-x-defa-e8f11a0450',
    );
  });

  it('drops a dot left before the hash separator, as the syncer does', () => {
    // The 52nd character is the dot of `.crt`; `.-` is not a valid DNS name.
    const name = hostObjectName(`${'a'.repeat(51)}.crt`, 'default', 'vc');
    expect(name).toBe(`${'a'.repeat(51)}-84323e65b5`);
    expect(name).toHaveLength(62);
  });

  it('safeConcatName joins any parts', () => {
    expect(safeConcatName(['dev', 'node', 'worker-1'])).toBe('dev-node-worker-1');
  });
});

describe('virtualObjectRef', () => {
  it('reads object-name / object-namespace first', () => {
    expect(
      virtualObjectRef({
        annotations: {
          'vcluster.loft.sh/object-name': 'web-0',
          'vcluster.loft.sh/object-namespace': 'shop',
          'vcluster.loft.sh/object-uid': 'u-1',
          'vcluster.loft.sh/object-kind': 'Pod',
          'vcluster.loft.sh/name': 'ignored',
          'vcluster.loft.sh/namespace': 'ignored',
        },
      }),
    ).toEqual({ name: 'web-0', namespace: 'shop', uid: 'u-1', kind: 'Pod' });
  });

  it('falls back to the pod-only name / namespace annotations', () => {
    expect(
      virtualObjectRef({
        annotations: {
          'vcluster.loft.sh/name': 'api-1',
          'vcluster.loft.sh/namespace': 'backend',
          'vcluster.loft.sh/uid': 'u-2',
        },
      }),
    ).toEqual({ name: 'api-1', namespace: 'backend', uid: 'u-2' });
  });

  it('takes the namespace from the label as a last resort, and treats empty as missing', () => {
    expect(
      virtualObjectRef({
        annotations: { 'vcluster.loft.sh/object-name': 'x', 'vcluster.loft.sh/object-namespace': '' },
        labels: { 'vcluster.loft.sh/namespace': 'from-label' },
      }),
    ).toEqual({ name: 'x', namespace: 'from-label' });
  });

  it('returns undefined for objects that are not synced', () => {
    expect(virtualObjectRef(undefined)).toBeUndefined();
    expect(virtualObjectRef({ name: 'dev-0', labels: { app: 'vcluster' } })).toBeUndefined();
  });

  it('works on a V1Pod and checks the managed-by label', () => {
    const pod: V1Pod = {
      metadata: {
        name: 'web-0-x-shop-x-dev',
        labels: { 'vcluster.loft.sh/managed-by': 'dev' },
        annotations: { 'vcluster.loft.sh/object-name': 'web-0', 'vcluster.loft.sh/object-namespace': 'shop' },
      },
    };
    expect(virtualObjectRef(pod.metadata)).toEqual({ name: 'web-0', namespace: 'shop' });
    expect(isSyncedBy(pod.metadata, 'dev')).toBe(true);
    expect(isSyncedBy(pod.metadata, 'other')).toBe(false);
  });
});
