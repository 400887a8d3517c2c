import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findHelmBinary, sandboxCacheDir } from './helm-binary';

describe('findHelmBinary', () => {
  let cache = '';
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'helm-binary-test-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  function build(dir: string, ageSeconds: number): string {
    mkdirSync(join(cache, dir));
    const helm = join(cache, dir, 'helm');
    writeFileSync(helm, '');
    const at = Date.now() / 1000 - ageSeconds;
    utimesSync(helm, at, at);
    return helm;
  }

  it('prefers HELM_BIN', () => {
    build('bin-a', 0);
    expect(findHelmBinary({ HELM_BIN: '/opt/helm', CUBBY_SANDBOX_CACHE: cache })).toBe('/opt/helm');
  });

  it('takes the newest complete build and skips one still being built', () => {
    build('bin-old', 100);
    const newest = build('bin-new', 10);
    build('bin-newer.partial', 0);
    mkdirSync(join(cache, 'bin-empty'));
    expect(findHelmBinary({ CUBBY_SANDBOX_CACHE: cache })).toBe(newest);
  });

  it('falls back to helm on PATH', () => {
    expect(findHelmBinary({ CUBBY_SANDBOX_CACHE: join(cache, 'missing') })).toBe('helm');
  });

  it('follows the cache rules of sandbox/build.sh', () => {
    expect(sandboxCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/cubby-sandbox');
    expect(sandboxCacheDir({ CUBBY_SANDBOX_CACHE: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
  });
});
