// A built entry point (dist/) run as an operator runs it: a real child
// process configured by environment alone, its output readable line by line.
import { fileURLToPath } from 'node:url';
import { assertBuilt, SERVER_PACKAGES, startChildProcess, type RunningProcess } from '@livebell/test-support';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

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
