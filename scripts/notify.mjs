// `pnpm notify`: runs the server's notify command (apps/server/src/bin/notify.ts)
// from one bundled file, so that it starts as fast as built code and never
// builds or touches anything `pnpm dev` runs. The bundle lives in the
// server's node_modules/.cache, which no watcher, linter or git sees, and is
// rebuilt (esbuild, a fraction of a second) only when a file it was built from
// has changed since: the list of those files is esbuild's own.
// Plain Node.js and a dynamic import of esbuild: the common case reads a
// few dozen file times and imports the bundle.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const server = join(root, 'apps', 'server');
const cache = join(server, 'node_modules', '.cache', 'livebell-notify');
const bundle = join(cache, 'notify.mjs');
const inputsFile = join(cache, 'inputs.json');

/** Whether the bundle exists and no file it was built from is newer. */
function bundleIsFresh() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
    return Array.isArray(inputs) && inputs.every((input) => statSync(join(root, input)).mtimeMs <= builtAt);
  } catch {
    // Missing, unreadable, or an input is gone: build it.
    return false;
  }
}

if (!bundleIsFresh()) {
  const { build } = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(server, 'src', 'bin', 'notify.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The workspace packages from source, as everything in the edit loop.
    conditions: ['@livebell/source'],
    // The driver stays a package (resolved from the server's node_modules): it
    // loads optional modules of its own at run time.
    external: ['mongodb'],
    metafile: true,
    logLevel: 'error',
  });
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}

await import(pathToFileURL(bundle).href);
