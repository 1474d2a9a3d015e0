// Tests that run a built entry point refuse a dist/ older than its sources,
// so that they never pass or fail on code that is no longer in the tree.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertBuilt, StaleBuildError } from '@livebell/test-support';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A package with the given files, each modified at the given second (since the epoch). */
function packageWith(files: Record<string, number>): { name: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'built-package-'));
  roots.push(root);
  for (const [path, second] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, second, second);
  }
  return { name: '@livebell/example', root };
}

describe('assertBuilt', () => {
  it('accepts a dist/ written after the last change to src/', () => {
    const built = packageWith({ 'src/a.ts': 100, 'src/deep/b.ts': 200, 'dist/a.js': 300, 'dist/deep/b.js': 300 });
    expect(() => assertBuilt([built])).not.toThrow();
  });

  it('refuses a dist/ older than a source file, naming the file', () => {
    const stale = packageWith({ 'src/a.ts': 100, 'src/deep/b.ts': 400, 'dist/a.js': 300, 'dist/deep/b.js': 300 });
    expect(() => assertBuilt([stale])).toThrow(StaleBuildError);
    expect(() => assertBuilt([stale])).toThrow('@livebell/example src/deep/b.ts changed after its dist/ was built');
  });

  it('goes by the sources it is given: a bundle of another directory, and not a source it runs unbuilt', () => {
    const page = packageWith({
      'src/web/main.tsx': 100,
      'src/server/main.ts': 500,
      'dist/index.html': 300,
      'workspace/react/src/bell.tsx': 200,
    });
    const sources = (...dirs: string[]) => dirs.map((dir) => join(page.root, dir));
    expect(() => assertBuilt([{ ...page, sources: sources('src/web', 'workspace/react/src') }])).not.toThrow();

    utimesSync(join(page.root, 'workspace/react/src/bell.tsx'), 400, 400);
    expect(() => assertBuilt([{ ...page, sources: sources('src/web', 'workspace/react/src') }])).toThrow(
      '@livebell/example workspace/react/src/bell.tsx changed after its dist/ was built',
    );
  });

  it('refuses a package that was never built', () => {
    const unbuilt = packageWith({ 'src/a.ts': 100 });
    expect(() => assertBuilt([unbuilt])).toThrow('@livebell/example has no dist/');
  });
});
