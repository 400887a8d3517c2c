import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxKubeConfig, uniqueName } from '@/sandbox/testing';
import { KubeClient } from '@/lib/kube/client';
import { KubeError } from '@/lib/kube/errors';
import { ResourceTypes } from '@/lib/kube/resource-types';
import { AuditFailedError, LABEL_AUDIT_ACTOR, listAudit, recordAudit, withAudit, type AuditEntry } from './audit';
import { CubbyResourceTypes, ensureCubbyCrds } from './crds';
import { TenancyError } from './errors';
import { labelHash } from './label-hash';

describe('audit trail against the sandbox', () => {
  const admin = new KubeClient(sandboxKubeConfig());
  const namespace = uniqueName('cubby-audit');
  const scratch = uniqueName('cubby-audit-gone');
  const options = { namespace };
  const alice = { user: 'alice@example.com', groups: ['team-a'] };
  const bob = { user: 'bob@example.com', groups: ['team-b'] };
  const t0 = Date.parse('2030-01-01T00:00:00Z');
  const entries: AuditEntry[] = [
    { actor: alice, action: 'vcluster.create', tenant: 'team-a', vcluster: 'dev', result: 'success', at: new Date(t0) },
    { actor: bob, action: 'vcluster.create', tenant: 'team-b', vcluster: 'dev', result: 'denied', message: 'quota exceeded', at: new Date(t0 + 1000) },
    { actor: alice, action: 'kubeconfig.download', tenant: 'team-a', vcluster: 'dev', result: 'success', at: new Date(t0 + 2000) },
    { actor: alice, action: 'vcluster.pause', tenant: 'team-a', vcluster: 'web', result: 'failed', message: 'x'.repeat(5000), at: new Date(t0 + 3000) },
  ];

  beforeAll(async () => {
    await ensureCubbyCrds(admin, { namespace });
    // Out of order on purpose: the order of the trail comes from `at`, not from writing.
    for (const index of [2, 0, 3, 1]) await recordAudit(admin, entries[index]!, options);
  });

  afterAll(async () => {
    for (const ns of [namespace, scratch]) await admin.delete(ResourceTypes.Namespace, ns);
    admin.close();
  });

  const actions = (records: { action: string; at: string }[]) => records.map((r) => `${r.at.slice(17, 19)} ${r.action}`);

  it('lists newest first, with every field kept', async () => {
    const all = await listAudit(admin, {}, options);
    expect(actions(all)).toEqual(['03 vcluster.pause', '02 kubeconfig.download', '01 vcluster.create', '00 vcluster.create']);
    expect(all[2]).toMatchObject({ actor: bob, tenant: 'team-b', vcluster: 'dev', result: 'denied', message: 'quota exceeded' });
    expect(all[0]!.message!.length).toBeLessThanOrEqual(4096);
  });

  it('filters on the server by tenant, actor, action, vCluster and result, and by time and count', async () => {
    expect(actions(await listAudit(admin, { tenant: 'team-b' }, options))).toEqual(['01 vcluster.create']);
    expect(actions(await listAudit(admin, { actor: alice.user }, options))).toEqual(['03 vcluster.pause', '02 kubeconfig.download', '00 vcluster.create']);
    expect(actions(await listAudit(admin, { action: 'vcluster.create' }, options))).toEqual(['01 vcluster.create', '00 vcluster.create']);
    expect(actions(await listAudit(admin, { vcluster: 'web' }, options))).toEqual(['03 vcluster.pause']);
    expect(actions(await listAudit(admin, { result: 'success', tenant: 'team-a' }, options))).toEqual(['02 kubeconfig.download', '00 vcluster.create']);
    expect(actions(await listAudit(admin, { since: new Date(t0 + 1000) }, options))).toEqual(['03 vcluster.pause', '02 kubeconfig.download', '01 vcluster.create']);
    expect(actions(await listAudit(admin, { limit: 2 }, options))).toEqual(['03 vcluster.pause', '02 kubeconfig.download']);
    expect(await listAudit(admin, { actor: 'carol@example.com' }, options)).toEqual([]);
  });

  it('labels records for server-side filtering, with a hash for the user name', async () => {
    const list = await admin.list<{ metadata: { labels: Record<string, string> } }>(CubbyResourceTypes.AuditRecord, {
      namespace,
      labelSelector: `${LABEL_AUDIT_ACTOR}=${labelHash(bob.user)}`,
    });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.metadata.labels).toMatchObject({ 'cubby.dev/tenant': 'team-b', 'cubby.dev/action': 'vcluster.create', 'cubby.dev/result': 'denied' });
  });

  it('refuses a malformed entry and writes nothing', async () => {
    const before = (await listAudit(admin, {}, options)).length;
    const error = await recordAudit(admin, { actor: alice, action: 'Delete Everything', result: 'success' }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenancyError);
    expect((error as TenancyError).status).toBe(400);
    expect((await listAudit(admin, {}, options)).length).toBe(before);
  });

  it('withAudit records success and refusals, and rethrows the action error', async () => {
    expect(await withAudit(admin, { actor: alice, action: 'vcluster.resume', tenant: 'team-a', vcluster: 'dev' }, async () => 'resumed', options)).toBe('resumed');
    const denied = new KubeError(403, 'Forbidden', 'statefulsets "dev" is forbidden');
    const error = await withAudit(admin, { actor: bob, action: 'vcluster.delete', tenant: 'team-a', vcluster: 'dev' }, async () => Promise.reject(denied), options).catch((e: unknown) => e);
    expect(error).toBe(denied);
    expect(await listAudit(admin, { action: 'vcluster.resume' }, options)).toMatchObject([{ actor: alice, result: 'success' }]);
    expect(await listAudit(admin, { action: 'vcluster.delete' }, options)).toMatchObject([{ actor: bob, result: 'denied', message: 'statefulsets "dev" is forbidden' }]);
  });

  it('does not perform an action when the trail cannot be written', async () => {
    let performed = false;
    const error = await withAudit(admin, { actor: alice, action: 'vcluster.delete' }, async () => {
      performed = true;
    }, { namespace: 'no-such-namespace-for-audit' }).catch((e: unknown) => e);
    expect(performed).toBe(false);
    expect(error).toBeInstanceOf(AuditFailedError);
    expect(error).toMatchObject({ status: 503, code: 'audit_failed', actionPerformed: false });
    expect((error as Error).message).toContain('was not performed');
  });

  it('says so when an action happened but its record could not be stored', async () => {
    await ensureCubbyCrds(admin, { namespace: scratch });
    const error = await withAudit(admin, { actor: alice, action: 'kubeconfig.download' }, async () => {
      // The trail's namespace goes away between the dry run and the real write.
      await admin.delete(ResourceTypes.Namespace, scratch);
      return 'kubeconfig';
    }, { namespace: scratch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditFailedError);
    expect(error).toMatchObject({ status: 503, code: 'audit_failed', actionPerformed: true });
    expect((error as Error).message).toContain('was performed');
  });
});
