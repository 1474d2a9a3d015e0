#!/usr/bin/env node
// Makes a fresh clone runnable before any root command: checks Node.js,
// installs the workspace from the lockfile when node_modules is missing or
// stale, and (with `--build <turbo filter>`) builds what the command runs from
// dist; turbo's cache makes that a no-op when nothing changed.
// It writes only to stderr, so `pnpm -s emulator` keeps stdout for the URI.
// Plain Node.js on purpose: it runs before any dependency exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`livebell needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

// pnpm sets npm_execpath to its own entry point when it runs a script.
const pnpm = process.env.npm_execpath;
/** Runs pnpm; `quiet` holds its output back and shows it only if it fails. */
function run(args, { quiet = false } = {}) {
  const command = pnpm ? process.execPath : 'pnpm';
  const argv = pnpm ? [pnpm, ...args] : args;
  const stdio = quiet ? 'pipe' : ['inherit', process.stderr, 'inherit'];
  const result = spawnSync(command, argv, { cwd: root, stdio, encoding: 'utf8' });
  if (result.status !== 0) {
    if (quiet) console.error(`${result.stdout}${result.stderr}`);
    console.error(`livebell: \`pnpm ${args.join(' ')}\` failed.`);
    process.exit(result.status ?? 1);
  }
}

const lockfile = join(root, 'pnpm-lock.yaml');
const installed = join(root, 'node_modules', '.pnpm', 'lock.yaml');
const upToDate =
  existsSync(installed) && readFileSync(installed, 'utf8').trim() === readFileSync(lockfile, 'utf8').trim();
if (!upToDate) {
  console.error('livebell: installing the workspace from pnpm-lock.yaml ...');
  run(['install', '--frozen-lockfile']);
}

const filters = process.argv.flatMap((arg, i, argv) => (arg === '--build' ? [`--filter=${argv[i + 1]}`] : []));
if (filters.length > 0) {
  run(['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], { quiet: true });
}

// The e2e tests stop at the end of `pnpm test` without a browser; say so now,
// with the fix, rather than after minutes of other tests.
if (process.argv.includes('--check-chromium')) {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.error(
      `livebell: no Chromium at ${chromium}; the e2e tests need one and never download it.\n` +
        '  Install it:  sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
}
