// A test that runs a built entry point (the server's, the emulator's) tests
// what was last built: `pnpm test` builds first, `vitest run` alone does not.
// A dist/ older than its sources would let such a test pass or fail on code
// that is no longer in the tree, so it is refused, naming the source file that
// changed since. The check is by time, turbo's cache by contents: a source
// touched but unchanged is a cache hit that leaves dist/ as it was, hence
// `--force` in the advice.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuiltPackage {
  name: string;
  /** The package's directory, holding src/ and dist/. */
  root: string;
  /**
   * The directories its dist/ is built from: its src/ by default. A page
   * bundled from workspace sources lists theirs too, and leaves out what it
   * runs unbuilt (an example's server, run by tsx).
   */
  sources?: readonly string[];
}

/** The workspace's root, from this file in src/ or dist/ alike. */
const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));

/** What a built server runs from dist/: its own package and the workspace package it imports. */
export const SERVER_PACKAGES: readonly BuiltPackage[] = [
  { name: '@livebell/server', root: join(WORKSPACE, 'apps', 'server') },
  { name: '@livebell/shared', root: join(WORKSPACE, 'packages', 'shared') },
];

/**
 * A page whose dist/ Vite bundles from `ownSources` and from the sources of
 * the workspace packages it uses (the bell, @livebell/react, and
 * @livebell/shared): it is stale once any of them changed.
 */
export function bundledPage(name: string, root: string, ownSources: readonly string[]): BuiltPackage {
  const workspaceSources = ['react', 'shared'].map((name) => join(WORKSPACE, 'packages', name, 'src'));
  return { name, root, sources: [...ownSources, ...workspaceSources] };
}

export class StaleBuildError extends Error {
  override name = 'StaleBuildError';
}

/** Throws StaleBuildError unless every package's dist/ was written after the last change to its sources. */
export function assertBuilt(packages: readonly BuiltPackage[]): void {
  for (const { name, root, sources = [join(root, 'src')] } of packages) {
    const source = newestFile(...sources);
    const built = newestFile(join(root, 'dist'));
    if (source === null || (built !== null && built.mtimeMs >= source.mtimeMs)) continue;
    const why = built === null ? 'has no dist/' : `${relative(root, source.path)} changed after its dist/ was built`;
    throw new StaleBuildError(`${name} ${why}: build it first (pnpm turbo build --filter=${name} --force)`);
  }
}

/** The most recently modified file under any of `dirs`; null when there is none. */
function newestFile(...dirs: readonly string[]): { path: string; mtimeMs: number } | null {
  let newest: { path: string; mtimeMs: number } | null = null;
  for (const dir of dirs) {
    let entries;
    try {
      entries = readdirSync(dir, { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      const { mtimeMs } = statSync(path);
      if (newest === null || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}
