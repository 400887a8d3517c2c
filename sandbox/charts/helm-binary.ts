// Finds the helm binary the sandbox built, so tests and tools use the pinned version rather than
// whatever helm happens to be installed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Not NodeJS.ProcessEnv: Next's typings make NODE_ENV required there, which a test's env lacks.
type Env = Record<string, string | undefined>;

/** The cache sandbox/build.sh writes its `bin-<key>` directories to (same precedence as the script). */
export function sandboxCacheDir(env: Env = process.env): string {
  return env.CUBBY_SANDBOX_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cubby-sandbox');
}

/**
 * `HELM_BIN` if set; else the helm in the most recently built `bin-*` directory of the sandbox
 * cache; else plain `helm`, left to PATH.
 */
export function findHelmBinary(env: Env = process.env): string {
  if (env.HELM_BIN) return env.HELM_BIN;
  const cache = sandboxCacheDir(env);
  let newest: { path: string; mtimeMs: number } | undefined;
  let entries: string[] = [];
  try {
    entries = readdirSync(cache);
  } catch {
    // no cache yet: nothing built
  }
  for (const entry of entries) {
    // build.sh fills `bin-<key>.partial` and renames it when done; a partial helm may be half-written.
    if (!entry.startsWith('bin-') || entry.endsWith('.partial')) continue;
    const path = join(cache, entry, 'helm');
    if (!existsSync(path)) continue;
    const mtimeMs = statSync(path).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  return newest?.path ?? 'helm';
}
