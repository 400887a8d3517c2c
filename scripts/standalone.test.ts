// No container can be built on these machines (no engine, no base-image registry), so this keeps
// the Dockerfile in step with what can be checked: the standalone layout the tests serve
// (scripts/standalone.ts, used by sandbox/dashboard.ts), the build script, and the chart's pod.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findHelmBinary } from '@/sandbox/charts/helm-binary';
import { completeStandalone, POST_RENDERER, standaloneLayout } from './standalone';

const projectRoot = resolve(__dirname, '..');

interface Instruction {
  op: string;
  args: string;
}

/** The Dockerfile's instructions, comments dropped and `\` continuations joined. */
function dockerfile(): Instruction[] {
  const text = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

/** Instructions grouped by stage (each FROM starts one). */
function stages(): { from: string; name?: string; steps: Instruction[] }[] {
  const result: { from: string; name?: string; steps: Instruction[] }[] = [];
  for (const step of dockerfile()) {
    if (step.op === 'FROM') {
      const [image, as, name] = step.args.split(/\s+/);
      result.push({ from: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, steps: [] });
    } else result.at(-1)!.steps.push(step);
  }
  return result;
}

/** `ENV A=1 B=2` instructions of a stage, as one map. */
function envOf(steps: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const step of steps.filter((s) => s.op === 'ENV')) {
    for (const pair of step.args.split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      env[key!] = value.join('=');
    }
  }
  return env;
}

const helmStage = () => stages().find((s) => s.name === 'helm')!;
const buildStage = () => stages().find((s) => s.name === 'build')!;
const runtime = () => stages().at(-1)!;

describe('the Dockerfile', () => {
  it('has three stages on pinned images: golang 1.26 for helm, Node 20 slim to build and to run', () => {
    expect(stages().map((s) => s.from)).toEqual([expect.stringMatching(/^golang:1\.26\.\d+-bookworm$/), expect.stringMatching(/^node:20\.\d+\.\d+-bookworm-slim$/), expect.stringMatching(/^node:20\.\d+\.\d+-bookworm-slim$/)]);
    // Build and runtime on the same Node, so native pieces built by npm ci run in the image.
    expect(runtime().from).toBe(buildStage().from);
  });

  it('builds helm from Go modules at the version the sandbox pins', () => {
    const steps = helmStage().steps;
    expect(steps).toContainEqual({ op: 'COPY', args: 'sandbox/versions.env /tmp/versions.env' });
    const install = steps.find((s) => s.op === 'RUN')!.args;
    expect(install).toContain('. /tmp/versions.env');
    expect(install).toContain('"helm.sh/helm/v3/cmd/helm@$HELM_VERSION"');
    expect(readFileSync(join(projectRoot, 'sandbox', 'versions.env'), 'utf8')).toMatch(/^HELM_VERSION=v3\.\d+\.\d+$/m);
  });

  it('builds with npm ci and npm run build, which is next build plus the standalone copy step', () => {
    const runs = buildStage().steps.filter((s) => s.op === 'RUN').map((s) => s.args);
    expect(runs).toEqual(['npm ci', 'npm run build']);
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('next build && tsx scripts/standalone-assets.ts');
    // The tests serve the same kind of build.
    expect(readFileSync(join(projectRoot, 'scripts', 'test.sh'), 'utf8')).toMatch(/^if npm run build /m);
  });

  it('ships the standalone directory the tests serve, with server.js, the post-renderer and helm where it says', () => {
    const steps = runtime().steps;
    const workdir = steps.find((s) => s.op === 'WORKDIR')!.args;
    const env = envOf(steps);
    const copies = steps.filter((s) => s.op === 'COPY').map((s) => s.args);
    // The build stage's WORKDIR and default distDir (.next: the image sets no CUBBY_NEXT_DIST_DIR).
    const srcDir = buildStage().steps.find((s) => s.op === 'WORKDIR')!.args;
    expect(envOf(buildStage().steps).CUBBY_NEXT_DIST_DIR).toBeUndefined();
    const built = standaloneLayout(srcDir, '.next');
    expect(copies).toContain(`--from=build ${built.root} ${workdir}`);
    // Paths inside the image: the layout's, moved from the build's standalone root to WORKDIR.
    const inImage = (path: string) => posix.join(workdir, relative(built.root, path));
    expect(steps.at(-1)).toEqual({ op: 'CMD', args: `["node", "${relative(built.root, built.serverJs)}"]` });
    expect(inImage(built.serverJs)).toBe(`${workdir}/server.js`);
    expect(env.CUBBY_HELM_POST_RENDERER).toBe(inImage(built.postRenderer));
    expect(built.postRenderer.endsWith(POST_RENDERER)).toBe(true);
    expect(copies).toContain(`--from=helm /out/helm ${env.CUBBY_HELM_BIN}`);
    expect(env).toMatchObject({ NODE_ENV: 'production', PORT: '3000', HOSTNAME: '0.0.0.0' });
  });

  it('runs as the user, on the port and with the writable cache the chart expects', () => {
    const steps = runtime().steps;
    const workdir = steps.find((s) => s.op === 'WORKDIR')!.args;
    const built = standaloneLayout(buildStage().steps.find((s) => s.op === 'WORKDIR')!.args, '.next');
    const result = spawnSync(findHelmBinary(), ['template', 'cubby', join(projectRoot, 'deploy', 'chart'), '--set', 'auth.url=https://cubby.example.com,auth.sessionSecret.existingSecret=s'], { encoding: 'utf8' });
    if (result.error) throw new Error(`cannot run helm: ${result.error.message}; scripts/ensure-deps.sh builds it`);
    expect(result.status, result.stderr).toBe(0);
    const deployment = parseAllDocuments(result.stdout)
      .map((d) => d.toJS() as { kind?: string; spec?: any })
      .find((o) => o?.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(steps).toContainEqual({ op: 'USER', args: `${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}` });
    expect(steps).toContainEqual({ op: 'EXPOSE', args: String(container.ports[0].containerPort) });
    expect(envOf(steps).PORT).toBe(String(container.ports[0].containerPort));
    const mounts = (container.volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
    expect(mounts).toContain(posix.join(workdir, relative(built.root, built.nextCache)));
  });
});

describe('standaloneLayout', () => {
  it('nests the build under the distDir’s own name, as Next 16 writes it', () => {
    const layout = standaloneLayout('/p', '.next-h1');
    expect(layout).toEqual({
      root: '/p/.next-h1/standalone',
      serverJs: '/p/.next-h1/standalone/server.js',
      staticFrom: '/p/.next-h1/static',
      staticTo: '/p/.next-h1/standalone/.next-h1/static',
      publicTo: '/p/.next-h1/standalone/public',
      postRenderer: '/p/.next-h1/standalone/lib/vcluster/helm-post-renderer.mjs',
      nextCache: '/p/.next-h1/standalone/.next-h1/cache',
    });
  });
});

describe('completeStandalone', () => {
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'cubby-standalone-test-'));
    const put = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    put('.next-x/standalone/server.js', '// server');
    put('.next-x/static/chunks/app.js', '// chunk');
    put('public/robots.txt', 'User-agent: *');
    put(POST_RENDERER, "import { parse } from 'yaml';");
    put('node_modules/yaml/package.json', '{"name":"yaml","version":"2.0.0"}');
    // What Turbopack's whole-project trace puts beside server.js.
    put('.next-x/standalone/README.md', '# Cubby');
    put('.next-x/standalone/lib/vcluster/helm-release.ts', '// source');
    put('.next-x/standalone/lib/kube/client.ts', '// source');
    put('.next-x/standalone/sandbox/cli.ts', '// source');
    put('.next-x/standalone/node_modules/next/package.json', '{}');
    put('.next-x/standalone/.next-x/server/app/page.js', '// compiled');
    return dir;
  }

  it('adds static files, public/, the post-renderer and its yaml package, then finds nothing to do', () => {
    const dir = project();
    try {
      const layout = standaloneLayout(dir, '.next-x');
      expect(completeStandalone(dir, '.next-x')).toHaveLength(5);
      // Exactly what the server needs, sources gone.
      const list = (path: string) => readdirSync(join(layout.root, path)).sort();
      expect(list('.')).toEqual(['.next-x', 'lib', 'node_modules', 'public', 'server.js']);
      expect(list('lib')).toEqual(['vcluster']);
      expect(list('lib/vcluster')).toEqual(['helm-post-renderer.mjs']);
      expect(list('node_modules')).toEqual(['next', 'yaml']);
      expect(list('.next-x')).toEqual(['server', 'static']);
      expect(readFileSync(join(layout.staticTo, 'chunks', 'app.js'), 'utf8')).toBe('// chunk');
      expect(existsSync(join(layout.publicTo, 'robots.txt'))).toBe(true);
      expect(readFileSync(layout.postRenderer, 'utf8')).toContain("from 'yaml'");
      expect(existsSync(join(layout.root, 'node_modules', 'yaml', 'package.json'))).toBe(true);
      // A second run (a second test server on the same build) changes nothing under the first.
      expect(completeStandalone(dir, '.next-x')).toEqual([]);
      // An edited post-renderer is replaced.
      writeFileSync(join(dir, POST_RENDERER), "import { parse } from 'yaml'; // v2");
      expect(completeStandalone(dir, '.next-x')).toEqual([`${POST_RENDERER} -> .next-x/standalone/${POST_RENDERER}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a build without standalone output, and a post-renderer package that gained dependencies', () => {
    const dir = project();
    try {
      expect(() => completeStandalone(dir, '.next-y')).toThrow(/server\.js is missing/);
      writeFileSync(join(dir, 'node_modules/yaml/package.json'), '{"name":"yaml","dependencies":{"x":"1"}}');
      expect(() => completeStandalone(dir, '.next-x')).toThrow(/yaml now has dependencies/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
