import { describe, expect, it } from 'vitest';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './forwarded-headers';

describe('headers the gateway passes on', () => {
  const inside = { user: 'alice', groups: ['dev', 'cubby:tenant:acme'] };

  it('drops every claim of identity the client makes and adds the vCluster credential and the user', () => {
    const headers = upstreamRequestHeaders(
      {
        authorization: 'Bearer cubby_x',
        cookie: 'next-auth.session-token=1',
        'impersonate-user': 'system:admin',
        'impersonate-group': 'system:masters',
        'impersonate-uid': '0',
        'impersonate-extra-scopes': 'all',
        'x-remote-user': 'system:admin',
        'x-remote-group': 'system:masters',
        'x-cubby-peer-address': '10.0.0.1',
        'x-forwarded-for': '1.2.3.4',
        accept: 'application/json',
        'content-type': 'application/apply-patch+yaml',
        'user-agent': 'kubectl/v1.36.3',
        connection: 'keep-alive',
        host: 'cubby.example',
      },
      { Authorization: 'Bearer vcluster-admin' },
      inside,
      undefined,
    );
    expect(headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/apply-patch+yaml',
      'user-agent': 'kubectl/v1.36.3',
      Authorization: 'Bearer vcluster-admin',
      'Impersonate-User': 'alice',
      'Impersonate-Group': ['dev', 'cubby:tenant:acme'],
    });
  });

  it('keeps the negotiation of an upgrade', () => {
    const headers = upstreamRequestHeaders(
      { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k', 'sec-websocket-version': '13', 'sec-websocket-protocol': 'v5.channel.k8s.io' },
      {},
      inside,
      'websocket',
    );
    expect(headers).toMatchObject({ Connection: 'Upgrade', Upgrade: 'websocket', 'sec-websocket-key': 'k', 'sec-websocket-protocol': 'v5.channel.k8s.io' });
    expect(headers).not.toHaveProperty('connection');
  });

  it('passes the answer on without hop-by-hop headers', () => {
    expect(downstreamResponseHeaders({ 'content-type': 'application/json', 'transfer-encoding': 'chunked', connection: 'keep-alive', 'audit-id': 'a' })).toEqual({
      'content-type': 'application/json',
      'audit-id': 'a',
    });
  });
});
