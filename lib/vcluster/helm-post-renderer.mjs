#!/usr/bin/env node
// helm's post-renderer for Cubby's releases (`helm upgrade --install ... --post-renderer`): reads
// the chart's rendered manifests on stdin and writes them back with Cubby's labels on every
// object's metadata (what prepareObjects adds to a `helm template` render), nothing else changed.
// helm then adds its own ownership metadata (`app.kubernetes.io/managed-by: Helm`,
// `meta.helm.sh/release-*`) and stores the result as the release's manifest, so the labels are
// part of the release and survive `helm rollback`.
//
// Arguments (each one a single argv entry, so values may hold anything but a newline):
//   --label=KEY=VALUE          add (or overwrite) a metadata label; repeatable
//   --statefulset-replicas=NAME=N   set spec.replicas of StatefulSet NAME (a paused vCluster
//                                   stays at 0 through an upgrade)
// Plain Node with the `yaml` package Cubby already depends on; run as
// `node lib/vcluster/helm-post-renderer.mjs ARGS` (helm-release.ts passes node as the executable).
import { parseAllDocuments, stringify } from 'yaml';

const labels = {};
const replicas = {};
for (const arg of process.argv.slice(2)) {
  let match = /^--label=([^=]+)=(.*)$/s.exec(arg);
  if (match) {
    labels[match[1]] = match[2];
    continue;
  }
  match = /^--statefulset-replicas=([^=]+)=(\d+)$/.exec(arg);
  if (match) {
    replicas[match[1]] = Number(match[2]);
    continue;
  }
  process.stderr.write(`cubby post-renderer: unknown argument ${JSON.stringify(arg)}\n`);
  process.exit(2);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = Buffer.concat(chunks).toString('utf8');

const out = [];
for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length > 0) {
    process.stderr.write(`cubby post-renderer: invalid YAML from the chart: ${doc.errors[0].message}\n`);
    process.exit(1);
  }
  const object = doc.toJS();
  if (object === null || object === undefined) continue;
  const items = object.kind === 'List' && Array.isArray(object.items) ? object.items : [object];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    item.metadata ??= {};
    item.metadata.labels = { ...(item.metadata.labels ?? {}), ...labels };
    if (item.kind === 'StatefulSet' && Object.hasOwn(replicas, item.metadata.name ?? '')) {
      item.spec ??= {};
      item.spec.replicas = replicas[item.metadata.name];
    }
    out.push(stringify(item, { lineWidth: 0 }));
  }
}
process.stdout.write(out.map((text) => `---\n${text}`).join(''));
