#!/usr/bin/env node
// Makes a fresh clone runnable before any root command: checks Node.js,
// installs the workspace from the lockfile when node_modules is missing or
// stale, and (with --build) builds the packages the command runs from dist.
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
function run(args) {
  const command = pnpm ? process.execPath : 'pnpm';
  const argv = pnpm ? [pnpm, ...args] : args;
  const result = spawnSync(command, argv, { cwd: root, stdio: ['inherit', process.stderr, 'inherit'] });
  if (result.status !== 0) {
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

if (process.argv.includes('--build')) {
  run(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', '--log-prefix=none']);
}
