import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { releaseLabels } from './apply-objects';
import { helmFailed, postRendererScript, upgradeInstallArgs } from './helm-release';

const MANIFESTS = `---
# Source: vcluster/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: vc-dev
  labels:
    app: vcluster
    release: dev
---
# Source: vcluster/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: dev
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: vcluster
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: in-a-list }
`;

function postRender(args: string[], input = MANIFESTS) {
  const run = spawnSync(process.execPath, [postRendererScript(), ...args], { input, encoding: 'utf8' });
  return { ...run, objects: parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string> } } } }) };
}

describe('the helm post-renderer', () => {
  it("adds Cubby's labels to every object's metadata, and nowhere else", () => {
    const run = postRender(['--label=cubby.dev/tenant=acme', '--label=cubby.dev/vcluster=dev']);
    expect(run.status).toBe(0);
    expect(run.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/vc-dev', 'StatefulSet/dev', 'ConfigMap/in-a-list']);
    for (const object of run.objects) expect(object.metadata.labels).toMatchObject({ 'cubby.dev/tenant': 'acme', 'cubby.dev/vcluster': 'dev' });
    expect(run.objects[0]!.metadata.labels).toMatchObject({ app: 'vcluster', release: 'dev' });
    // Pod template labels feed selectors: untouched.
    expect(run.objects[1]!.spec?.template?.metadata?.labels).toEqual({ app: 'vcluster' });
    expect(run.objects[1]!.spec?.replicas).toBe(1);
  });

  it('keeps a paused StatefulSet at the replicas it is given', () => {
    const run = postRender(['--statefulset-replicas=dev=0']);
    expect(run.status).toBe(0);
    expect(run.objects[1]!.spec?.replicas).toBe(0);
  });

  it('refuses an argument it does not know, and invalid YAML', () => {
    expect(postRender(['--nonsense']).status).toBe(2);
    const bad = postRender([], 'a: [unclosed');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('invalid YAML');
  });
});

describe('upgradeInstallArgs', () => {
  it('installs or upgrades with the complete values, the post-renderer and one argument per label', () => {
    const args = upgradeInstallArgs({
      release: 'dev',
      namespace: 'vc-acme--dev',
      chartDir: '/charts/vcluster',
      valuesFile: '-',
      nodeBinary: '/usr/bin/node',
      postRenderer: '/app/lib/vcluster/helm-post-renderer.mjs',
      labels: releaseLabels('acme', 'dev'),
      statefulSetReplicas: { dev: 0 },
    });
    expect(args).toEqual([
      'upgrade', '--install', 'dev', '/charts/vcluster',
      '--namespace', 'vc-acme--dev',
      '--reset-values',
      '--values', '-',
      '--post-renderer', '/usr/bin/node',
      '--post-renderer-args', '/app/lib/vcluster/helm-post-renderer.mjs',
      '--post-renderer-args', '--label=cubby.dev/tenant=acme',
      '--post-renderer-args', '--label=cubby.dev/vcluster=dev',
      '--post-renderer-args', '--statefulset-replicas=dev=0',
    ]);
    // No --wait (status views watch the rollout), and managed-by is left to helm ("Helm").
    expect(args).not.toContain('--wait');
    expect(args.join(' ')).not.toContain('managed-by');
  });
});

describe('helmFailed', () => {
  it('turns an ownership refusal into a 409 and anything else into a 500', () => {
    const owned = helmFailed('upgrade --install', {
      stdout: '',
      stderr: 'Error: Unable to continue with install: ClusterRole "vc-a-v-b" in namespace "" exists and cannot be imported into the current release: invalid ownership metadata',
      exitCode: 1,
      durationMs: 1,
    });
    expect(owned).toMatchObject({ status: 409, code: 'already_exists' });
    expect(helmFailed('uninstall', { stdout: '', stderr: 'Error: boom', exitCode: 1, durationMs: 1 })).toMatchObject({ status: 500 });
  });
});
