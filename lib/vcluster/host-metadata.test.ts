import { describe, expect, it } from 'vitest';
import { mergeRequestedOptions } from './change-options';
import { changeIncomplete, creationComplete, cubbyLabels, cubbySelector, optionsVersion, storedState } from './host-metadata';

describe('storedState', () => {
  it('reads what provisioning wrote on the namespace', () => {
    const namespace = {
      metadata: {
        name: 'vc-acme--dev',
        labels: cubbyLabels('acme', 'dev'),
        annotations: {
          'cubby.dev/template': 'small',
          'cubby.dev/created-by': 'alice',
          'cubby.dev/values': '{"sync":{"toHost":{"ingresses":{"enabled":true}}}}',
          'cubby.dev/requested-options': '{"ingressSync":true}',
          'cubby.dev/options-generation': '3',
          'cubby.dev/applied-generation': '2',
          'cubby.dev/objects': '[{"apiVersion":"v1","kind":"Service","name":"dev","namespace":"vc-acme--dev"},{"bad":1}]',
        },
      },
    };
    expect(storedState(namespace)).toEqual({
      tenant: 'acme',
      name: 'dev',
      template: 'small',
      createdBy: 'alice',
      values: { sync: { toHost: { ingresses: { enabled: true } } } },
      requestedOptions: { ingressSync: true },
      optionsGeneration: '3',
      appliedGeneration: '2',
      objects: [{ apiVersion: 'v1', kind: 'Service', name: 'dev', namespace: 'vc-acme--dev' }],
      imported: false,
      terminating: false,
    });
    expect(optionsVersion(namespace)).toBe('3');
    expect(creationComplete(namespace)).toBe(true);
    expect(changeIncomplete(namespace)).toBe(true);
  });

  it('copes with namespaces Cubby did not write (imported, hand-edited)', () => {
    const state = storedState({ metadata: { name: 'x', annotations: { 'cubby.dev/values': '{not json', 'cubby.dev/imported': 'now' } } });
    expect(state).toMatchObject({ optionsGeneration: '0', objects: [], imported: true });
    expect(state.values).toBeUndefined();
    expect(creationComplete({ metadata: {} })).toBe(false);
  });

  it('builds label selectors for a tenant and a vCluster', () => {
    expect(cubbySelector('acme')).toBe('cubby.dev/tenant=acme');
    expect(cubbySelector('acme', 'dev')).toBe('cubby.dev/tenant=acme,cubby.dev/vcluster=dev');
  });
});

describe('mergeRequestedOptions', () => {
  it('lets later fields win and replaces a node selector whole', () => {
    expect(
      mergeRequestedOptions({ ingressSync: true, nodeSync: { enabled: true, selector: { labels: { a: 'b' } } } }, { nodeSync: { selector: { all: true } } }),
    ).toEqual({ ingressSync: true, nodeSync: { enabled: true, selector: { all: true } } });
    expect(mergeRequestedOptions('garbage', { ingressSync: false })).toEqual({ ingressSync: false });
  });
});
