// Next's standalone output (next.config.js `output: 'standalone'`): where things are, as the
// build (`npm run build` runs standalone-assets.ts), the test server (sandbox/dashboard.ts) and
// the Dockerfile (checked by standalone.test.ts) must agree, and the step that completes it.
// Next 16 writes
//   <distDir>/standalone/server.js                 the server; it chdirs to its own directory
//   <distDir>/standalone/<distDir>/server/...      the build, under the distDir's own name
//                                                  (`.next-h1/standalone/.next-h1/...`)
//   <distDir>/standalone/node_modules/...          only the traced packages
// and leaves out static files, public/ and anything spawned by path, which completeStandalone adds.
// (It can also leave in far too much: see prune.)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The post-renderer helm runs with node (lib/vcluster/helm-release.ts postRendererScript). */
export const POST_RENDERER = 'lib/vcluster/helm-post-renderer.mjs';
/** Packages the post-renderer imports; it runs outside Next's bundle, so none of them is traced. */
export const POST_RENDERER_PACKAGES = ['yaml'] as const;

export interface StandaloneLayout {
  /** The directory to ship (the image's WORKDIR). */
  root: string;
  serverJs: string;
  /** `<distDir>/static` of the build, and where it goes inside root. */
  staticFrom: string;
  staticTo: string;
  publicTo: string;
  postRenderer: string;
  /** Next's runtime cache: the one place inside root it writes to. */
  nextCache: string;
}

/** Absolute paths for a project at `projectRoot` built into `distDir` (default: CUBBY_NEXT_DIST_DIR or .next). */
export function standaloneLayout(projectRoot: string, distDir = process.env.CUBBY_NEXT_DIST_DIR || '.next'): StandaloneLayout {
  const dist = resolve(projectRoot, distDir);
  const root = join(dist, 'standalone');
  // next.config.js pins outputFileTracingRoot to the project, so the build nests under the
  // distDir's path relative to it.
  const nested = join(root, relative(projectRoot, dist));
  return {
    root,
    serverJs: join(root, 'server.js'),
    staticFrom: join(dist, 'static'),
    staticTo: join(nested, 'static'),
    publicTo: join(root, 'public'),
    postRenderer: join(root, POST_RENDERER),
    nextCache: join(nested, 'cache'),
  };
}

/**
 * Completes `next build`'s standalone output so that the directory runs on its own: static files
 * and public/ (Next leaves them out, expecting a CDN), and the helm post-renderer, which helm
 * spawns by path so Next never traces it, with the packages it imports. Returns the copies made,
 * for the log; throws when there is no standalone build to complete.
 *
 * Safe to run while a server runs from the same directory (a second test server does): what is
 * there already stays (next build starts from an empty distDir, so nothing is stale), and each
 * copy appears whole, through a rename.
 */
export function completeStandalone(projectRoot: string, distDir?: string): string[] {
  const layout = standaloneLayout(projectRoot, distDir);
  const show = (path: string) => relative(projectRoot, path);
  if (!existsSync(layout.serverJs)) throw new Error(`${show(layout.serverJs)} is missing: run npm run build first`);
  const done: string[] = [];
  const copy = (from: string, to: string) => {
    if (existsSync(to) && (!statSync(from).isFile() || readFileSync(from).equals(readFileSync(to)))) return;
    mkdirSync(dirname(to), { recursive: true });
    const partial = `${to}.partial-${process.pid}`;
    // dereference: the copy must hold files, not links back into the project.
    cpSync(from, partial, { recursive: true, dereference: true });
    try {
      renameSync(partial, to);
      done.push(`${show(from)} -> ${show(to)}`);
    } catch (error) {
      // A concurrent run renamed its copy first (a directory cannot be renamed over another).
      if (!existsSync(to)) throw error;
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  };
  copy(layout.staticFrom, layout.staticTo);
  copy(join(projectRoot, 'public'), layout.publicTo);
  copy(join(projectRoot, POST_RENDERER), layout.postRenderer);
  for (const name of POST_RENDERER_PACKAGES) {
    const from = join(projectRoot, 'node_modules', name);
    const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    // Copying the one package is enough only while it depends on nothing.
    if (Object.keys(manifest.dependencies ?? {}).length > 0) throw new Error(`${name} now has dependencies: copy them too (scripts/standalone.ts)`);
    copy(from, join(layout.root, 'node_modules', name));
    // The post-renderer must find it from where it now lives, not in the project's node_modules.
    const found = createRequire(layout.postRenderer).resolve(`${name}/package.json`);
    if (!found.startsWith(layout.root + '/')) throw new Error(`${name} resolves to ${found}, outside ${show(layout.root)}`);
  }
  done.push(...prune(layout, show));
  return done;
}

/**
 * Removes what Next traced into the output by mistake. A path built at run time (chart-source.ts,
 * helm-release.ts: the build's "Dynamic filesystem access causes tracing of the whole project")
 * makes Turbopack copy the whole repository, sources, tests, Dockerfile and all, next to server.js;
 * outputFileTracingExcludes cannot stop it, as instrumentation.ts's trace ignores it. The server
 * runs the compiled build and reads only the post-renderer by path, so the root keeps exactly:
 * server.js, package.json, node_modules, the build, public/, the post-renderer, and the .env
 * files Next copies on purpose.
 */
function prune(layout: StandaloneLayout, show: (path: string) => string): string[] {
  const removed: string[] = [];
  const keepOnly = (dir: string, keep: Set<string>) => {
    for (const entry of readdirSync(dir)) {
      // `.partial-PID`: a concurrent run's copy in progress.
      if (keep.has(entry) || entry.includes('.partial-')) continue;
      rmSync(join(dir, entry), { recursive: true, force: true });
      removed.push(show(join(dir, entry)));
    }
  };
  const build = relative(layout.root, layout.staticTo).split(sep)[0]!;
  const renderer = relative(layout.root, layout.postRenderer).split(sep);
  keepOnly(layout.root, new Set(['server.js', 'package.json', 'node_modules', build, 'public', renderer[0]!, '.env', '.env.production']));
  // Inside lib/ only the way to the post-renderer.
  for (let depth = 1; depth < renderer.length; depth++) keepOnly(join(layout.root, ...renderer.slice(0, depth)), new Set([renderer[depth]!]));
  if (removed.length === 0) return [];
  const some = removed.slice(0, 4).join(', ');
  return [`removed ${removed.length} paths traced by mistake (${some}${removed.length > 4 ? ', ...' : ''})`];
}
