// A built entry point (dist/) run as an operator runs it: a real child
// process configured by environment alone, its output readable line by line.
import { fileURLToPath } from 'node:url';
import { assertBuilt, startChildProcess, type BuiltPackage, type RunningProcess } from '@livebell/test-support';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** What a built server runs from dist/: its own package and the workspace package it imports. */
const SERVER_PACKAGES: readonly BuiltPackage[] = [
  { name: '@livebell/server', root: fileURLToPath(new URL('../../', import.meta.url)) },
  { name: '@livebell/shared', root: fileURLToPath(new URL('../', import.meta.resolve('@livebell/shared'))) },
];

/** Runs `script` from dist/; refuses (StaleBuildError) a dist/ older than the sources it should have been built from. */
export function runDist(script: string, args: string[], env: Record<string, string>): RunningProcess {
  assertBuilt(SERVER_PACKAGES);
  return startChildProcess({
    name: script,
    command: process.execPath,
    args: [`${DIST}${script}`, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

/** Parses a pino JSON line; null for anything else. */
export function logLine(line: string): { msg?: unknown; [field: string]: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function hasMessage(msg: string) {
  return (line: string) => logLine(line)?.msg === msg;
}
